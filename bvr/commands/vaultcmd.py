"""`bvr vault` and `bvr audit`: keys and the integrity of the audit log."""

from __future__ import annotations

import secrets

import click

from bvr.commands.common import Context, pass_context, say
from bvr.storage import audit as audit_log


@click.group("vault")
def vault_group() -> None:
    """Vault housekeeping."""


@vault_group.command("new-index-key")
def new_index_key() -> None:
    """Print a new random blind-index key for $BVR_BLIND_INDEX_KEY (keep it secret)."""
    click.echo(secrets.token_hex(32))


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
