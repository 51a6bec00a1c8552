"""`bvr events` and `bvr platforms`: the register of R-1.1 with contact persons (R-2.2)."""

from __future__ import annotations

from datetime import datetime

import click

from bvr.commands.common import Context, dry_run_option, pass_context, print_json, say
from bvr.services import register

DAY = click.DateTime(["%Y-%m-%d"])


@click.group()
def events() -> None:
    """Events and activities, with their contact persons."""


@events.command("add")
@click.argument("name")
@click.option("--starts", type=DAY, required=True, help="First day (YYYY-MM-DD).")
@click.option("--ends", type=DAY, help="Last day (YYYY-MM-DD); default: the first day.")
@click.option("--participants", type=click.IntRange(0), default=0, show_default=True,
              help="Expected number of participants.")
@click.option("--intensive", is_flag=True, help="Intensive interaction (hackathon, camp...).")
@click.option("--language", type=click.Choice(["nl", "en", "sv"]))
@click.option("--wiki-page", help="The event page on the association wiki.")
@click.option("--venue-without-authority", is_flag=True,
              help="The association has no authority at the venue (R-2.3).")
@click.option("--venue-arrangements", help="What was agreed with the venue (R-2.3).")
@pass_context
@dry_run_option
def add_event(ctx: Context, name: str, starts: datetime, ends: datetime | None,
              participants: int, intensive: bool, language: str | None,
              wiki_page: str | None, venue_without_authority: bool,
              venue_arrangements: str | None) -> None:
    """Add an event called NAME."""
    event_id = register.add_event(
        ctx.ready_core(), name, starts.date(), (ends or starts).date(),
        expected_participants=participants, intensive=intensive, language=language,
        wiki_page=wiki_page, venue_without_authority=venue_without_authority,
        venue_arrangements=venue_arrangements)
    say(ctx, "core-event-added", name=name, id=event_id)


@events.command("contact")
@click.argument("event_id", type=int)
@click.argument("username")
@pass_context
@dry_run_option
def contact_event(ctx: Context, event_id: int, username: str) -> None:
    """Make USERNAME (trained, R-2.2) a contact person of event EVENT_ID."""
    register.assign_contact_person(ctx.ready_core(), username, event_id=event_id)
    say(ctx, "core-contact-assigned", name=username)


@events.command("list")
@click.option("--json", "as_json", is_flag=True)
@pass_context
def list_events(ctx: Context, as_json: bool) -> None:
    """List events, their contact persons and whether there are enough (R-2.2)."""
    rows = register.events(ctx.ready_core())
    if as_json:
        print_json([{"id": e.id, "name": e.name, "starts_on": e.starts_on,
                     "ends_on": e.ends_on, "contact_persons": list(e.contact_persons),
                     "recommended": e.recommended} for e in rows])
        return
    for e in rows:
        click.echo(f"{e.id}\t{e.starts_on}\t{e.name}\t{', '.join(e.contact_persons) or '-'}")
        if e.short_of_contact_persons:
            say(ctx, "core-event-short", name=e.name, num_assigned=len(e.contact_persons),
                num_recommended=e.recommended)


@click.group()
def platforms() -> None:
    """Platforms and channels (wikis, mailing lists, chat groups...)."""


@platforms.command("add")
@click.argument("name")
@click.option("--kind", required=True, help="wiki, mailing-list, chat, social-media, website")
@click.option("--url")
@pass_context
@dry_run_option
def add_platform(ctx: Context, name: str, kind: str, url: str | None) -> None:
    """Add a platform or channel called NAME."""
    say(ctx, "core-platform-added", name=name,
        id=register.add_platform(ctx.ready_core(), name, kind, url))


@platforms.command("contact")
@click.argument("platform_id", type=int)
@click.argument("username")
@pass_context
@dry_run_option
def contact_platform(ctx: Context, platform_id: int, username: str) -> None:
    """Make USERNAME (trained, R-2.2) a contact person of platform PLATFORM_ID."""
    register.assign_contact_person(ctx.ready_core(), username, platform_id=platform_id)
    say(ctx, "core-contact-assigned", name=username)
