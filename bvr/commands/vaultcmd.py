"""`bvr vault` and `bvr audit`: keys and the integrity of the audit log."""

from __future__ import annotations

import secrets

import click

from bvr.commands.common import Context, dry_run_option, pass_context, say
from bvr.commands.people import read_passphrase
from bvr.services import people, reindex
from bvr.storage import audit as audit_log
from bvr.usernames import INDEX_VERSION


@click.group("vault")
def vault_group() -> None:
    """Vault housekeeping."""


@vault_group.command("new-index-key")
def new_index_key() -> None:
    """Print a new random blind-index key for $BVR_BLIND_INDEX_KEY (keep it secret)."""
    click.echo(secrets.token_hex(32))


@vault_group.command("reindex")
@click.option("--as", "username", required=True, help="Your username.")
@click.option("--stdin", "from_stdin", is_flag=True, help="Read your passphrase from stdin.")
@pass_context
@dry_run_option
def reindex_command(ctx: Context, username: str, from_stdin: bool) -> None:
    """Bring the blind indexes of the rows you can open to the current normalisation."""
    core = ctx.ready_core()
    key = people.unlock(core, username,
                        read_passphrase(ctx, from_stdin, "core-prompt-passphrase", False))
    result = reindex.reindex(core, username, key)
    say(ctx, "core-vault-reindexed", version=INDEX_VERSION, num_done=result.done,
        stale=result.stale)


@vault_group.command("index-status")
@pass_context
def index_status(ctx: Context) -> None:
    """Say how many rows still carry a blind index of an older normalisation."""
    say(ctx, "core-vault-index-status", version=INDEX_VERSION,
        stale=reindex.stale_count(ctx.ready_core()))


@vault_group.command("new-intake-key")
@pass_context
def new_intake_key(ctx: Context) -> None:
    """Print a new intake key for $BVR_INTAKE_KEY (ADR 0005): the private key (keep it
    secret, environment only) and the public key `bvr wiki install` publishes."""
    from bvr import intake_key
    from bvr.config import ENV_INTAKE_KEY

    key = intake_key.new_key()
    say(ctx, "sealed-key-new", kid=key.kid, variable=ENV_INTAKE_KEY,
        private=intake_key.b64url(key.private), public=key.public_text)


@click.group("audit")
def audit_group() -> None:
    """The audit log."""


@audit_group.command()
@pass_context
def verify(ctx: Context) -> None:
    """Check that no audit record was removed or altered."""
    with ctx.ready_core().database.transaction() as session:
        broken = audit_log.verify(session)
    if broken is not None:
        raise click.ClickException(f"record {broken.record_id}: {broken.problem}")
    say(ctx, "core-audit-whole")
