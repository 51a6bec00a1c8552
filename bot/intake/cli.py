"""`bvr intake`: move reports saved on the association wiki into case files (flow 1).

`--once` handles everything pending and exits (cron, tests, a catch-up by hand); `--watch`
runs until SIGTERM, finishing the report at hand first. Either way one line per report is
printed as soon as it is handled: the case number, the steps done, the seconds from the save
to hidden and whether the reporter was told (`--json`: one JSON object per line). Output
names case numbers only, never report text or names.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from bot.intake import watch
from bot.intake.job import Handled, Intake, Preview, RoundResult
from bvr.commands.common import Context, pass_context, say
from bvr.i18n import translate

ALIVE_FILE = "/tmp/bvr-intake.alive"  # noqa: S108 (jobs.yaml's health check reads it)


@click.command()
@click.option("--once", "mode", flag_value="once", default=True,
              help="Handle every pending report, then exit (the default).")
@click.option("--watch", "mode", flag_value="watch",
              help="Keep watching the wiki until stopped (SIGTERM).")
@click.option("--dry-run", is_flag=True,
              help="Show what would be done with the reports pending now; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON lines instead of text.")
@click.option("--alive-file", type=click.Path(dir_okay=False, path_type=Path),
              default=ALIVE_FILE, show_default=True,
              help="Touched after every round of --watch (the health check).")
@pass_context
def intake(ctx: Context, mode: str, dry_run: bool, as_json: bool, alive_file: Path) -> None:
    """Move reports saved on the wiki into case files, remove them from the wiki and tell
    the reporter the case number (R-7.2, R-15.1)."""
    from bot.site import connect

    core = ctx.ready_core()
    job = Intake(core, connect(core.config), ctx.lang)
    if dry_run:
        _preview(ctx, job.preview(), as_json)
        return
    job.on_handled = lambda handled: _line(ctx, handled, as_json)
    if mode == "once":
        total = RoundResult()
        while True:
            result = job.round()
            _add(total, result)
            if not result.more:
                break
        _show(ctx, total, as_json)
        return
    stopper = watch.Stopper()
    stopper.install()
    config = core.config.intake
    rounds = watch.stream_rounds(job, config, stopper, alive_file) \
        if config.use_eventstreams else \
        watch.poll_rounds(job, config.poll_seconds, stopper, alive_file)
    for _result in rounds:
        pass  # every report's line was printed as it was handled


def _line(ctx: Context, handled: Handled, as_json: bool) -> None:
    """The operator's line for one report, printed (and flushed) at once."""
    if as_json:
        click.echo(json.dumps(handled.as_dict(), sort_keys=True))
        return
    steps = ", ".join(translate(f"intake-step-{step}", ctx.lang) for step in handled.steps)
    number = handled.number or translate("intake-handled-no-case", ctx.lang)
    told = translate(f"intake-told-{handled.told or 'earlier'}", ctx.lang)
    if handled.seconds is None:
        say(ctx, "intake-handled-no-time", number=number, steps=steps or "-", told=told)
    else:
        say(ctx, "intake-handled", number=number, steps=steps or "-", told=told,
            seconds=f"{handled.seconds:.1f}")


def _preview(ctx: Context, plans: list[Preview], as_json: bool) -> None:
    if as_json:
        for plan in plans:
            click.echo(json.dumps({"dry_run": True, "case": plan.number, "revid": plan.revid,
                                   "would": list(plan.steps), "emergency": plan.emergency},
                                  sort_keys=True))
        return
    for plan in plans:
        steps = ", ".join(translate(f"operator-intake-would-{step}", ctx.lang)
                          for step in plan.steps)
        if plan.number:
            say(ctx, "operator-intake-would-finish", number=plan.number, steps=steps)
        else:
            say(ctx, "operator-intake-would-handle", revid=plan.revid, steps=steps)
    say(ctx, "operator-intake-would-summary", num=len(plans))


def _add(total: RoundResult, result: RoundResult) -> None:
    for name in ("filed", "repeated", "hidden", "told", "not_told", "alerted"):
        getattr(total, name).extend(getattr(result, name))
    total.empty += result.empty


def _show(ctx: Context, result: RoundResult, as_json: bool) -> None:
    if as_json:  # the last line: the totals of the run
        click.echo(json.dumps({"filed": result.filed, "repeated": result.repeated,
                               "hidden": result.hidden, "told": result.told,
                               "not_told": result.not_told, "alerted": result.alerted,
                               "empty": result.empty}, sort_keys=True))
        return
    say(ctx, "intake-summary", filed=len(result.filed), hidden=len(result.hidden),
        told=len(result.told), numbers=", ".join(result.filed) or "-")
    if result.not_told:
        say(ctx, "intake-summary-not-told", numbers=", ".join(result.not_told))
