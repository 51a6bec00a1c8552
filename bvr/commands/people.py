"""`bvr people`: people, their roles, passphrases, training and acknowledgements."""

from __future__ import annotations

import sys
from datetime import datetime

import click

from bvr.commands.common import Context, dry_run_option, pass_context, print_json, say
from bvr.domain import Role
from bvr.i18n import translate
from bvr.rules.acknowledgements import Category
from bvr.services import casefiles, housekeeping
from bvr.services import people as service

ROLE = click.Choice([role.value for role in Role])
DAY = click.DateTime(["%Y-%m-%d"])


def read_passphrase(ctx: Context, from_stdin: bool, prompt_key: str, confirm: bool) -> str:
    """A passphrase from standard input (one line, for scripts) or a hidden prompt."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return str(click.prompt(translate(prompt_key, ctx.lang), hide_input=True,
                            confirmation_prompt=confirm))


@click.group()
def people() -> None:
    """Add people, give and take roles, set passphrases, record training."""


@people.command()
@click.argument("username")
@click.option("--role", "roles", type=ROLE, multiple=True, help="A role; repeat for more.")
@click.option("--language", type=click.Choice(["nl", "en", "sv"]), default=None)
@click.option("--email", help="Where notifications go (they never hold case content).")
@pass_context
@dry_run_option
def add(ctx: Context, username: str, roles: tuple[str, ...], language: str | None,
        email: str | None) -> None:
    """Add a person by their wiki username."""
    service.add_person(ctx.ready_core(), username, tuple(Role(r) for r in roles), language,
                       email)
    say(ctx, "core-person-added", name=username)


@people.command()
@click.argument("username")
@click.argument("address")
@pass_context
@dry_run_option
def email(ctx: Context, username: str, address: str) -> None:
    """Set where USERNAME's notifications go ('-' to remove)."""
    service.set_email(ctx.ready_core(), username, None if address == "-" else address)
    say(ctx, "core-email-set", name=username)


@people.command()
@click.argument("username")
@click.argument("category", type=click.Choice([c.value for c in Category]))
@click.option("--since", type=DAY, required=True, help="From (YYYY-MM-DD).")
@click.option("--until", type=DAY, help="Until (YYYY-MM-DD), if it ends.")
@pass_context
@dry_run_option
def category(ctx: Context, username: str, category: str, since: datetime,
             until: datetime | None) -> None:
    """Record why USERNAME must sign the acknowledgement besides a role (R-4.1)."""
    housekeeping.set_category(ctx.ready_core(), username, Category(category), since.date(),
                              until.date() if until else None)
    say(ctx, "core-category-recorded", name=username)


@people.command()
@click.argument("username")
@click.option("--on", "on", type=DAY, required=True, help="Date (YYYY-MM-DD).")
@pass_context
@dry_run_option
def reappointed(ctx: Context, username: str, on: datetime) -> None:
    """Record a re-election or re-appointment: a new acknowledgement is due (R-4.2)."""
    housekeeping.record_reappointment(ctx.ready_core(), username, on.date())
    say(ctx, "core-reappointment-recorded", name=username)


@people.command()
@click.argument("username")
@click.argument("role", type=ROLE)
@pass_context
@dry_run_option
def grant(ctx: Context, username: str, role: str) -> None:
    """Give USERNAME a ROLE."""
    service.grant_role(ctx.ready_core(), username, Role(role))
    say(ctx, "core-role-granted", name=username, role=role)


@people.command()
@click.argument("username")
@click.argument("role", type=ROLE)
@pass_context
@dry_run_option
def revoke(ctx: Context, username: str, role: str) -> None:
    """Take a ROLE away from USERNAME."""
    service.revoke_role(ctx.ready_core(), username, Role(role))
    say(ctx, "core-role-revoked", name=username, role=role)


@people.command()
@click.argument("username")
@click.option("--stdin", "from_stdin", is_flag=True,
              help="Read the new passphrase (and, when changing, first the old one) from "
                   "standard input, one per line.")
@pass_context
@dry_run_option
def passphrase(ctx: Context, username: str, from_stdin: bool) -> None:
    """Set the passphrase that locks USERNAME's key (asks for the old one when changing)."""
    core = ctx.ready_core()
    has_key = service.has_key(core, username)
    old = read_passphrase(ctx, from_stdin, "core-prompt-old-passphrase", False) \
        if has_key else None
    new = read_passphrase(ctx, from_stdin, "core-prompt-new-passphrase", True)
    service.set_passphrase(core, username, new, old)
    say(ctx, "core-passphrase-set", name=username)


@people.command()
@click.argument("username")
@click.option("--stdin", "from_stdin", is_flag=True, help="Read the passphrase from stdin.")
@pass_context
@dry_run_option
def share(ctx: Context, username: str, from_stdin: bool) -> None:
    """Hand over the keys USERNAME holds to everyone who may read those records now.

    Role changes do this by themselves, or queue it until a key holder unlocks (ADR 0007);
    this completes what is still queued and checks every record's keys against the rules."""
    core = ctx.ready_core()
    key = service.unlock(core, username,
                         read_passphrase(ctx, from_stdin, "core-prompt-passphrase", False))
    say(ctx, "core-shared", num=casefiles.share_case_files(core, username, key))


@people.command()
@click.argument("username")
@click.option("--on", "completed_on", type=DAY, required=True,
              help="Date the training was completed (YYYY-MM-DD).")
@click.option("--course", default="bvr-ucoc-basic", show_default=True)
@pass_context
@dry_run_option
def training(ctx: Context, username: str, completed_on: datetime, course: str) -> None:
    """Record that USERNAME completed the basic BVR/UCoC training (R-4.3)."""
    service.record_training(ctx.ready_core(), username, completed_on.date(), course)
    say(ctx, "core-training-recorded", name=username)


@people.command()
@click.argument("username")
@click.option("--on", "signed_on", type=DAY, required=True,
              help="Date the acknowledgement was signed (YYYY-MM-DD).")
@click.option("--capacity", required=True,
              help="Why they sign: a role, 'advanced-rights', 'executive-volunteer', ...")
@pass_context
@dry_run_option
def acknowledge(ctx: Context, username: str, signed_on: datetime, capacity: str) -> None:
    """Record a signed written acknowledgement of the policy (R-4.1, R-4.2)."""
    service.record_acknowledgement(ctx.ready_core(), username, signed_on.date(), capacity)
    say(ctx, "core-acknowledgement-recorded", name=username)


@people.command("list")
@click.option("--json", "as_json", is_flag=True)
@pass_context
def list_(ctx: Context, as_json: bool) -> None:
    """List people with their roles, key, training, acknowledgement and pending keys."""
    rows = service.list_people(ctx.ready_core())
    if as_json:
        print_json([{"username": p.username, "language": p.language,
                     "roles": [r.value for r in p.roles], "has_key": p.has_key,
                     "trained_on": p.trained_on, "acknowledged_on": p.acknowledged_on,
                     "pending_keys": p.pending_keys}
                    for p in rows])
        return
    for p in rows:
        # Keys queued for them (ADR 0007): handed over when a key holder next unlocks.
        pending = f"\t{p.pending_keys} pending" if p.pending_keys else ""
        click.echo(f"{p.username}\t{','.join(p.roles) or '-'}\t"
                   f"{'key' if p.has_key else 'no key'}\t{p.trained_on or '-'}\t"
                   f"{p.acknowledged_on or '-'}{pending}")

