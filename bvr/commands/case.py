"""`bvr case show`: open a case file from the command line (director, board member BVR).
`bvr case inform`: tell a party about the case, within what R-13 lets them learn, as the desk
does (`casework.inform_party`); the text comes from standard input, never the command line,
where other users of the machine could read it."""

from __future__ import annotations

import sys

import click

from bvr.commands.common import Context, dry_run_option, pass_context, print_json, say
from bvr.commands.people import read_passphrase
from bvr.domain import PartyRole
from bvr.services import casefiles, casework, people


@click.group()
def case() -> None:
    """Open case files (every opening is written to the audit log)."""


@case.command()
@click.argument("number")
@click.option("--as", "username", required=True, help="Your username.")
@click.option("--stdin", "from_stdin", is_flag=True, help="Read your passphrase from stdin.")
@pass_context
def show(ctx: Context, number: str, username: str, from_stdin: bool) -> None:
    """Print case file NUMBER as JSON."""
    core = ctx.ready_core()
    key = people.unlock(core, username,
                        read_passphrase(ctx, from_stdin, "core-prompt-passphrase", False))
    view = casefiles.open_case(core, number, username, key)
    print_json({
        "number": view.number, "status": view.status.value, "received_at": view.received_at,
        "anonymous": view.anonymous, "emergency": view.emergency,
        "parties": [{"role": p.role.value, "name": p.name, "username": p.username,
                     "contact": p.contact} for p in view.parties],
        "entries": [{"kind": e.kind.value, "created_at": e.created_at, "content": e.content}
                    for e in view.entries],
    })


@case.command()
@click.argument("number")
@click.option("--as", "username", required=True, help="Your username.")
@click.option("--to", "party_role", required=True,
              type=click.Choice([r.value for r in PartyRole]), help="The party told.")
@click.option("--topic", "topics", required=True, multiple=True,
              type=click.Choice(casework.INFORM_TOPICS), help="What about; repeat for more.")
@click.option("--stdin", "from_stdin", is_flag=True,
              help="Read your passphrase from the first line of stdin.")
@pass_context
@dry_run_option
def inform(ctx: Context, number: str, username: str, party_role: str, topics: tuple[str, ...],
           from_stdin: bool) -> None:
    """Record what party --to of case NUMBER is told (the text on stdin)."""
    core = ctx.ready_core()
    key = people.unlock(core, username,
                        read_passphrase(ctx, from_stdin, "core-prompt-passphrase", False))
    text = sys.stdin.read()
    casework.inform_party(core, number, username, key, party_role=PartyRole(party_role),
                          topics=topics, text=text)
    say(ctx, "core-party-informed", number=number, role=party_role)
