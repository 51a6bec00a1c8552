"""The `bvr` command: assembled here from the core's commands and the adapters' commands.

This is the only module of `bvr/` that reaches into the adapters, and only to register their
commands. Every error reaches the operator as one clear line in their language and a non-zero
exit, never as a traceback (`--debug` shows one); no unit of work is left half-written,
because every service commits as a whole or not at all.
"""

from __future__ import annotations

import logging
from typing import Any

import click

from bot.doctor.cli import doctor
from bot.footers.cli import footers
from bot.housekeeping.cli import acks, remind, retention
from bot.install.cli import wiki
from bot.intake.cli import intake
from bot.publish.cli import publish
from bot.screening.cli import screen, screening
from bvr.commands import case, db, demo, people, register, report, stats
from bvr.commands.common import Context, operator_language
from bvr.commands.configcmd import config_group
from bvr.commands.vaultcmd import audit_group, vault_group
from bvr.errors import BvrError
from bvr.i18n import translate
from bvr.rules.verdict import RuleRefused
from testbed.cli import devwiki
from webhook.cli import desk_account, serve

log = logging.getLogger("bvr")


class SafeGroup(click.Group):
    """Turns every failure into one line on stderr and exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as error:
            if ctx.params.get("debug"):
                raise
            lang = operator_language(ctx.params.get("config_path"))
            if isinstance(error, BvrError):
                message = error.text(lang)
            elif isinstance(error, RuleRefused):
                message = error.verdict.explain(lang)
            else:
                # Never print the exception's text: it could quote case content.
                message = translate("core-internal-error", lang, kind=type(error).__name__)
            raise click.ClickException(message) from None


@click.group(cls=SafeGroup)
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              envvar="BVR_CONFIG", help="Configuration file (TOML); or set BVR_CONFIG.")
@click.option("--debug", is_flag=True, hidden=True, help="Show tracebacks.")
@click.version_option(package_name="bvr")
@click.pass_context
def main(ctx: click.Context, config_path: str | None, debug: bool) -> None:
    """Friendly Space Policy (BVR): reports, case files, sanctions, screening."""
    ctx.obj = Context(config_path)
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING)


for command in (db.db, config_group, people.people, register.events, register.platforms,
                report.report, case.case, stats.stats,
                vault_group, audit_group, demo.demo, devwiki, doctor,
                wiki, intake, footers, publish, screen, screening, acks, remind, retention,
                serve, desk_account):
    main.add_command(command)
