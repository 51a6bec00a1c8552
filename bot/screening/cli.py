"""`bvr screen` (R-6.1) and `bvr screening ...` (reading runs, notes, measures, re-checks).

`bvr screen (--page TITLE | --campaign-event ID | --csv FILE) [--json | --format csv]` reads
the participants, runs every check with a progress bar on stderr, stores the run encrypted for
the director and the board member BVR, and prints the table. `--csv FILE` names the *input*
file, so CSV output is `--format csv` (one option cannot be both).
`--recheck-until DATE` schedules re-checks until the event starts; `bvr screening recheck`
(a scheduled job) runs them and alerts on changes.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import click

from bot.screening import alerts, output, run, sources
from bot.screening.connect import Sites, targets
from bot.screening.participants import Participant
from bot.screening.wikiapi import NoCache, WikiError
from bot.screening.wikiapi import ResponseCache as CacheProtocol
from bvr.commands.common import Context, dry_run_option, pass_context, print_json, say
from bvr.commands.people import read_passphrase
from bvr.errors import BvrError
from bvr.rules.deadlines import local_date
from bvr.services import people
from bvr.services import screening as service
from bvr.services.core import Core


@dataclass
class Outcome:
    report: run.Report
    run_id: int


def _participants(core: Core, sites: Sites, source: dict[str, Any],
                  ) -> tuple[list[Participant], list[dict[str, str]]]:
    """The participants, and notes on what the source left out (sections of a page)."""
    if source["kind"] == "page":
        reading = sources.from_page(sites.client(source["wiki"]), source["title"],
                                    core.config.screening.sections, source.get("section", ""))
        return reading.participants, [x.as_note() for x in reading.left_out]
    if source["kind"] == "campaign-event":
        return sources.from_campaign_event(sites.client(source["wiki"]),
                                           int(source["id"])), []
    return sources.from_csv(source["path"]), []


def perform(core: Core, source: dict[str, Any], *, fresh: bool = False, history: bool = True,
            schedule_id: int | None = None, show_progress: bool = False) -> Outcome:
    """Read, check, store: the work of `bvr screen` and of a scheduled re-check."""
    if not service.has_readers(core):
        raise BvrError("screening-no-readers")
    settings = core.config.screening
    cache: CacheProtocol = NoCache() if fresh else service.ResponseCache(
        core, settings.cache_minutes)
    sites = Sites()
    try:  # a wiki that fails for everyone (not one participant) ends the run, named
        found, left_out = _participants(core, sites, source)
        where = targets(settings, sites, cache)
        records = service.Records(core, local_date(core.now(), core.config.zone))
        since = (core.now() - timedelta(days=settings.history_days)) if history else None
        with click.progressbar(length=run.steps(where, history), file=sys.stderr,
                               label="screening") if show_progress else _Silent() as bar:
            report = run.screen(found, where, records, cache, history_since=since,
                                progress=bar.update)
    except WikiError as failure:
        raise BvrError("screening-wiki-failed", wiki=failure.wiki,
                       cause=f"{failure.code}: {failure.info}".rstrip(": ")) from None
    report.notes[:0] = left_out  # what the page's sections left out, and why
    run_id = service.store_run(core, report.as_dict(), source, schedule_id=schedule_id)
    return Outcome(report, run_id)


class _Silent:
    def __enter__(self) -> _Silent:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, _n: int) -> None:
        return None


@click.command()
@click.option("--page", "title", help="The event's registration page on the wiki.")
@click.option("--campaign-event", "event_id", type=int,
              help="An event registration id of the CampaignEvents extension.")
@click.option("--csv", "csv_file", type=click.Path(exists=True, dir_okay=False),
              help="A CSV file with a username column.")
@click.option("--section", default="", help="With --page: read only the sections with this "
              "heading (default: the participants' sections, never the withdrawn ones).")
@click.option("--wiki", default="", help="family:code of the page or event (default: the "
              "association wiki for pages, [screening] campaign_events for events).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True, help="Output format.")
@click.option("--no-history", is_flag=True, help="Skip the block-log history (R-6.1(c)).")
@click.option("--fresh", is_flag=True, help="Ignore the response cache.")
@click.option("--recheck-until", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Re-check until this date (the event's start) and alert on changes.")
@pass_context
@dry_run_option
def screen(ctx: Context, title: str | None, event_id: int | None, csv_file: str | None,
           section: str, wiki: str, as_json: bool, fmt: str, no_history: bool, fresh: bool,
           recheck_until: datetime | None) -> None:
    """Screen an event's participants (R-6.1): sanctions, bans, locks, blocks, conflicts."""
    if sum(x is not None for x in (title, event_id, csv_file)) != 1:
        raise click.UsageError(service.text("screening-source-one", ctx.lang))
    core = ctx.ready_core()
    config = core.config
    if title is not None:
        source: dict[str, Any] = {"kind": "page", "title": title,
                                  "wiki": wiki or f"{config.wiki.family}:{config.wiki.code}",
                                  **({"section": section} if section else {})}
    elif event_id is not None:
        source = {"kind": "campaign-event", "id": event_id,
                  "wiki": wiki or config.screening.campaign_events}
    else:
        source = {"kind": "csv", "path": str(csv_file)}
    outcome = perform(core, source, fresh=fresh, history=not no_history,
                      show_progress=not as_json and fmt == "table")
    schedule_id = None
    if recheck_until is not None:
        schedule_id = service.schedule(core, source, recheck_until.replace(tzinfo=UTC),
                                       config.screening.recheck_hours, outcome.run_id)
    results = outcome.report.results
    if as_json or fmt == "json":
        print_json({"run": outcome.run_id, "schedule": schedule_id,
                    **outcome.report.as_dict()})
    elif fmt == "csv":
        click.echo(output.as_csv(results), nl=False)
    else:
        click.echo(output.table(results, ctx.lang))
        for line in output.notes(outcome.report.notes, ctx.lang):
            click.echo(line)
        say(ctx, "screening-summary", num_participants=len(results),
            flagged=sum(1 for r in results if r.status.value != "clean"), run=outcome.run_id)


@click.group()
def screening() -> None:
    """Screening runs (director and board member BVR), notes, measures, re-checks."""


@screening.command(name="show")
@click.argument("run_id", type=int)
@click.option("--as", "username", required=True, help="Your username.")
@click.option("--stdin", "from_stdin", is_flag=True, help="Read your passphrase from stdin.")
@pass_context
def show(ctx: Context, run_id: int, username: str, from_stdin: bool) -> None:
    """Print stored run RUN_ID as JSON."""
    core = ctx.ready_core()
    key = people.unlock(core, username,
                        read_passphrase(ctx, from_stdin, "core-prompt-passphrase", False))
    print_json(service.read_run(core, run_id, username, key))


@screening.command(name="note")
@click.argument("subject")
@click.option("--as", "username", required=True, help="Your username.")
@click.option("--text", required=True, help="What was seen, where and when (R-6.1(b)).")
@pass_context
@dry_run_option
def note(ctx: Context, subject: str, username: str, text: str) -> None:
    """Record a note about wiki user SUBJECT's behaviour elsewhere (R-6.1(b))."""
    note_id = service.add_note(ctx.ready_core(), username, subject, text)
    say(ctx, "screening-note-added", note=note_id)


@screening.command(name="measure")
@click.argument("number")
@click.option("--as", "username", required=True, help="Your username.")
@click.option("--participant", required=True, help="The participant's username.")
@click.option("--measure", type=click.Choice(service.MEASURES), required=True)
@click.option("--event", required=True, help="The event, as named in the letter.")
@click.option("--reason", default="", help="Why, as told to the participant.")
@click.option("--lang", type=click.Choice(["nl", "en", "sv"]), default=None,
              help="Language of the letter (default: the association's).")
@click.option("--run", "run_id", type=int, default=None, help="The screening run.")
@click.option("--stdin", "from_stdin", is_flag=True, help="Read your passphrase from stdin.")
@pass_context
@dry_run_option
def measure(ctx: Context, number: str, username: str, participant: str, measure: str,
            event: str, reason: str, lang: str | None, run_id: int | None,
            from_stdin: bool) -> None:
    """Record a measure of R-6.2 in case file NUMBER; print the exclusion letter."""
    core = ctx.ready_core()
    key = people.unlock(core, username,
                        read_passphrase(ctx, from_stdin, "core-prompt-passphrase", False))
    letter = service.record_measure(core, number, username, key, participant=participant,
                                    measure=measure, event=event, reason=reason,
                                    lang=lang or core.config.language, run_id=run_id)
    say(ctx, "screening-measure-recorded", number=number)
    if letter:
        click.echo(letter)


@screening.command(name="recheck")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_context
@dry_run_option
def recheck(ctx: Context, as_json: bool) -> None:
    """Run the re-checks that are due and alert the director and board member BVR on
    changes (a scheduled job; safe to run as often as you like)."""
    core = ctx.ready_core()
    done = []
    for check in service.due(core):
        outcome = perform(core, check.source, schedule_id=check.schedule_id)
        changed = (service.changed(core, check.last_run_id, outcome.run_id)
                   if check.last_run_id else 0)
        if changed:  # before the schedule moves on: an alert that failed is not lost
            alerts.send(core.config, service.alert_recipients(core), changed, outcome.run_id)
        service.ran(core, check.schedule_id, outcome.run_id)
        done.append({"schedule": check.schedule_id, "run": outcome.run_id,
                     "changed": changed})
    if as_json:
        print_json({"rechecked": done})
        return
    for item in done:
        say(ctx, "screening-recheck-line", schedule=item["schedule"], run=item["run"],
            num_changed=item["changed"])
    say(ctx, "screening-recheck-summary", num=len(done))
