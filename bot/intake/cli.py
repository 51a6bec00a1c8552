"""`bvr intake`: move reports saved on the association wiki into case files (flow 1).

`--once` handles everything pending and exits (cron, tests, a catch-up by hand); `--watch`
runs until SIGTERM, finishing the report at hand first. Output names case numbers only.
"""

from __future__ import annotations

from pathlib import Path

import click

from bot.intake import watch
from bot.intake.job import Intake, RoundResult
from bvr.commands.common import Context, pass_context, print_json, say

ALIVE_FILE = "/tmp/bvr-intake.alive"  # noqa: S108 (jobs.yaml's health check reads it)


@click.command()
@click.option("--once", "mode", flag_value="once", default=True,
              help="Handle every pending report, then exit (the default).")
@click.option("--watch", "mode", flag_value="watch",
              help="Keep watching the wiki until stopped (SIGTERM).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.option("--alive-file", type=click.Path(dir_okay=False, path_type=Path),
              default=ALIVE_FILE, show_default=True,
              help="Touched after every round of --watch (the health check).")
@pass_context
def intake(ctx: Context, mode: str, as_json: bool, alive_file: Path) -> None:
    """Move reports saved on the wiki into case files, remove them from the wiki and tell
    the reporter the case number (R-7.2, R-15.1)."""
    from bot.site import connect

    core = ctx.ready_core()
    job = Intake(core, connect(core.config), ctx.lang)
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
    for result in rounds:
        if result.filed or result.hidden or result.empty:
            _show(ctx, result, as_json)


def _add(total: RoundResult, result: RoundResult) -> None:
    for name in ("filed", "repeated", "hidden", "told", "not_told", "alerted"):
        getattr(total, name).extend(getattr(result, name))
    total.empty += result.empty


def _show(ctx: Context, result: RoundResult, as_json: bool) -> None:
    if as_json:
        print_json({"filed": result.filed, "repeated": result.repeated,
                    "hidden": result.hidden, "told": result.told,
                    "not_told": result.not_told, "alerted": result.alerted,
                    "empty": result.empty})
        return
    say(ctx, "intake-summary", filed=len(result.filed), hidden=len(result.hidden),
        told=len(result.told), numbers=", ".join(result.filed) or "-")
    if result.not_told:
        say(ctx, "intake-summary-not-told", numbers=", ".join(result.not_told))
