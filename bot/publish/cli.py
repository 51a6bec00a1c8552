"""`bvr publish`: write the anonymised overview (R-14.2) and the yearly figures (R-14.4) to
the pages the configuration names, editing each only when its content changed; and
`bvr publish board-report` for the half-yearly report to the board (R-14.3)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from bot.footers.editor import Outcome, Tally, apply
from bot.publish import tables
from bvr.commands.common import Context, pass_context, print_json, say
from bvr.files import write_private
from bvr.i18n import translate
from bvr.services import overview, reporting, stats
from bvr.services.core import Core


def publish_pages(site: Any, core: Core, *, dry_run: bool = False) -> Tally:
    """Both pages; one edit each at most, none when the text is already there."""
    import pywikibot

    config = core.config
    lang = config.language
    this_year = core.now().astimezone(config.zone).year
    years = range(this_year - config.publishing.overview_years + 1, this_year + 1)
    texts = {
        config.wiki.overview_page: tables.overview_page(overview.published(core), lang),
        config.wiki.figures_page: tables.figures_page(
            [stats.yearly_figures(core, year) for year in years], lang,
            config.publishing.k_anonymity),
    }
    tally = Tally()
    summary = translate("publish-overview-summary", lang)
    for title, text in texts.items():
        page = pywikibot.Page(site, title)
        if not page.exists():
            page.text = ""

        def change(current: str, text: str = text) -> str:
            # MediaWiki drops trailing whitespace on save: compare as it stores.
            return current if current.rstrip() == text.rstrip() else text

        apply(page, change, summary, dry_run=dry_run, tally=tally, create=True)
    return tally


@click.group(invoke_without_command=True)
@click.option("--dry-run", is_flag=True, help="Print a unified diff per page; edit nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def publish(click_ctx: click.Context, dry_run: bool, as_json: bool) -> None:
    """Publish the anonymised overview and the yearly figures on the wiki."""
    if click_ctx.invoked_subcommand is not None:
        return
    from bot.site import connect

    ctx = click_ctx.ensure_object(Context)
    core = ctx.ready_core()
    tally = publish_pages(connect(core.config), core, dry_run=dry_run)
    if as_json:
        print_json({"dry_run": dry_run, **tally.as_dict(), "diffs": tally.diffs})
        return
    for diff in tally.diffs.values():
        click.echo(diff)
    say(ctx, "operator-publish-would-done" if dry_run else "publish-overview-done",
        num_edited=tally.count(Outcome.EDITED), num_would_edit=tally.count(Outcome.WOULD_EDIT),
        would_edit=tally.count(Outcome.WOULD_EDIT),
        unchanged=tally.count(Outcome.UNCHANGED))


@publish.command("board-report")
@click.option("--year", type=int, required=True)
@click.option("--half", type=click.IntRange(1, 2), required=True)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the HTML here instead of printing it.")
@click.option("--dry-run", is_flag=True, help="Make the report, but write no file.")
@pass_context
def board_report(ctx: Context, year: int, half: int, output: Path | None,
                 dry_run: bool) -> None:
    """The half-yearly report to the board (R-14.3) as an HTML document with a chart."""
    document = reporting.board_report(ctx.ready_core(), year, half, ctx.lang)
    if output is None:
        click.echo(document)
    elif dry_run:
        say(ctx, "operator-would-write-file", path=output, num_bytes=len(document.encode()))
    else:
        write_private(output, document)  # for the board's eyes only
        click.echo(str(output))
