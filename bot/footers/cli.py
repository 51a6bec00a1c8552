"""`bvr footers`: `update` the pages (R-3.2, R-3.3, R-8.2), print an event's participant
`summary` (HTML or PDF) and its `chat` text (R-3.2)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

import click

from bot.footers import pdf, register, summary
from bot.footers.editor import Outcome
from bot.footers.run import update as run_update
from bvr.commands.common import Context, pass_context, print_json, say
from bvr.errors import BvrError

DRY_RUN = click.option("--dry-run", is_flag=True,
                       help="Print a unified diff per page; edit nothing.")
NO_SITE_LINK = click.option("--no-site-link", is_flag=True,
                            help="Leave the interface message alone.")
AS_JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON.")


@click.group(invoke_without_command=True)
@DRY_RUN
@NO_SITE_LINK
@AS_JSON
@click.pass_context
def footers(click_ctx: click.Context, dry_run: bool, no_site_link: bool,
            as_json: bool) -> None:
    """The policy link, footers and contact-person boxes on the association wiki.

    Without a subcommand: `update` with these options (what the daily job runs)."""
    if click_ctx.invoked_subcommand is None:
        click_ctx.invoke(update, dry_run=dry_run, no_site_link=no_site_link, as_json=as_json)


@footers.command()
@DRY_RUN
@NO_SITE_LINK
@AS_JSON
@pass_context
def update(ctx: Context, dry_run: bool, no_site_link: bool, as_json: bool) -> None:
    """Put the footer and boxes on every selected page; edit only what changes."""
    from bot.site import connect

    core = ctx.ready_core()
    site = connect(core.config)
    with click.progressbar(length=1, file=sys.stderr, label="footers") as bar:
        def on_total(count: int) -> None:
            bar.length = count  # known once the selection is read

        try:
            tally = run_update(site, core, dry_run=dry_run, site_link=not no_site_link,
                               progress=bar.update, on_total=on_total)
        except BvrError as error:
            raise click.ClickException(error.text(ctx.lang)) from None
    refused = [message.text(ctx.lang) for message in tally.refused]
    if as_json:
        print_json({"dry_run": dry_run, **tally.as_dict(),
                    "diffs": tally.diffs if dry_run else {}, "refused": refused})
    else:
        for diff in tally.diffs.values():
            click.echo(diff)
        say(ctx, "operator-footers-would-done" if dry_run else "publish-footer-done",
            num_edited=tally.count(Outcome.EDITED),
            num_would_edit=tally.count(Outcome.WOULD_EDIT),
            would_edit=tally.count(Outcome.WOULD_EDIT),
            unchanged=tally.count(Outcome.UNCHANGED), protected=tally.count(Outcome.PROTECTED),
            failed=tally.count(Outcome.FAILED) + tally.count(Outcome.CONFLICT))
    if refused:
        # A dry run shows the pages and still says the real run would be refused.
        raise click.ClickException("\n".join(refused))


def _links(site: Any, config: Any, event: register.EventPage) -> summary.Links:
    import pywikibot

    def url(title: str) -> str:
        return str(pywikibot.Page(site, title).full_url())

    special = site.namespaces.SPECIAL.custom_name
    return summary.Links(
        policy=url(config.wiki.policy_page), form=url(config.wiki.report_form_page),
        web_form=config.web.public_url.rstrip("/") + "/report",
        contacts={name: url(f"{special}:EmailUser/{quote(name, safe='')}")
                  for name in event.contacts})


def _event(ctx: Context, event_id: int) -> tuple[Any, register.EventPage, summary.Links]:
    from bot.site import connect

    core = ctx.ready_core()
    found = register.event(core, event_id)
    if found is None:
        raise click.ClickException(BvrError("core-event-unknown", id=event_id).text(ctx.lang))
    site = connect(core.config, login=False)
    return core, found, _links(site, core.config, found)


@footers.command("summary")
@click.option("--event", "event_id", type=int, required=True, help="The event's id.")
@click.option("--pdf", "pdf_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write a PDF here (headless Chromium) instead of printing HTML.")
@click.option("--dry-run", is_flag=True, help="Make the summary, but write no file.")
@pass_context
def summary_command(ctx: Context, event_id: int, pdf_path: Path | None,
                    dry_run: bool) -> None:
    """The printable one-page summary for an event's participants (R-3.2)."""
    core, event, links = _event(ctx, event_id)
    page = summary.html(event, links, core.config.association)
    if pdf_path is None:
        click.echo(page)
        return
    if dry_run:
        say(ctx, "operator-would-write-file", path=pdf_path, num_bytes=len(page.encode()))
        return
    try:
        pdf.to_pdf(page, pdf_path)
    except BvrError as error:
        raise click.ClickException(error.text(ctx.lang)) from None
    click.echo(str(pdf_path))


@footers.command()
@click.option("--event", "event_id", type=int, required=True, help="The event's id.")
@pass_context
def chat(ctx: Context, event_id: int) -> None:
    """A short text with the policy link for the chat of an online meeting (R-3.2)."""
    _core, event, links = _event(ctx, event_id)
    click.echo(summary.chat_text(event, links))
