"""`bvr stats`: the yearly figures of R-14.4."""

from __future__ import annotations

import click

from bvr.commands.common import Context, pass_context, print_json
from bvr.i18n import translate
from bvr.services.stats import Metadata, YearlyFigures, figures_of, yearly_figures


@click.command()
@click.option("--year", type=click.IntRange(1900, 9999), required=True,
              help="Calendar year, in the association's time zone.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@pass_context
def stats(ctx: Context, year: int, as_json: bool) -> None:
    """Reports received, taken into handling, sanctions by type and appeals in YEAR."""
    figures = _quick(ctx, year) or yearly_figures(ctx.ready_core(), year)
    if as_json:
        print_json(figures.as_dict())
        return
    lang = ctx.lang
    rows = [(translate("core-stats-received", lang), figures.received),
            (translate("core-stats-taken", lang), figures.taken_into_handling)]
    rows += [(translate(f"core-sanction-{kind.value}", lang), count)
             for kind, count in figures.sanctions.items()]
    rows.append((translate("core-stats-appeals", lang), figures.appeals))
    click.echo(translate("core-stats-title", lang, year=year))
    width = max(len(label) for label, _ in rows)
    for label, count in rows:
        click.echo(f"  {label:<{width}}  {count:>5}")


def _quick(ctx: Context, year: int) -> YearlyFigures | None:
    """The figures read from a SQLite file without SQLAlchemy (a start in a fraction of a
    second); None on other databases, which take the usual path."""
    from bvr.storage import quick

    config = ctx.config
    path = quick.sqlite_path(config.database_url())
    if path is None:
        return None
    current = quick.current_revisions(path)
    if current != quick.head_revisions():
        revision = ", ".join(sorted(current)) or "-"
        raise click.ClickException(translate("core-db-not-current", ctx.lang,
                                             revision=revision))
    return figures_of(Metadata(*quick.case_metadata(path)), year, config.zone)
