"""The `bvr` command: assembled here from the core's commands and the adapters' commands.

This is the only module of `bvr/` that reaches into the adapters, and only to register their
commands. Every error reaches the operator as one clear line in their language and a non-zero
exit, never as a traceback (`--debug` shows one); no unit of work is left half-written,
because every service commits as a whole or not at all.
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

import click

from bvr.errors import BvrError
from bvr.i18n import translate
from bvr.rules.verdict import RuleRefused

# Every command, loaded only when it runs (`bvr --help` and `bvr stats` need not import
# pywikibot, Flask or the bot's jobs): name -> ("module:attribute", short help). The short
# help is here so that `bvr --help` imports nothing; a test keeps it equal to each command's.
COMMANDS: dict[str, tuple[str, str]] = {
    "db": ("bvr.commands.db:db", "Create, upgrade or inspect the database."),
    "config": ("bvr.commands.configcmd:config_group", "Inspect the configuration."),
    "people": ("bvr.commands.people:people",
               "Add people, give and take roles, set passphrases, record training."),
    "events": ("bvr.commands.register:events",
               "Events and activities, with their contact persons."),
    "platforms": ("bvr.commands.register:platforms",
                  "Platforms and channels (wikis, mailing lists, chat groups...)."),
    "report": ("bvr.commands.report:report", "File reports."),
    "case": ("bvr.commands.case:case",
             "Open case files (every opening is written to the audit log)."),
    "stats": ("bvr.commands.stats:stats", "Reports received, taken into handling, sanctions "
              "by type and appeals in YEAR."),
    "vault": ("bvr.commands.vaultcmd:vault_group", "Vault housekeeping."),
    "audit": ("bvr.commands.vaultcmd:audit_group", "The audit log."),
    "demo": ("testbed.demo:demo", "Run the main job on a local wiki: a report saved, moved "
             "into a case file, read on the case desk."),
    "devwiki": ("testbed.cli:devwiki",
                "A local association wiki for development, from Debian's MediaWiki."),
    "doctor": ("bot.doctor.cli:doctor", "Check a deployment: wiki, rights, extensions, email, "
               "secrets, database, keys."),
    "wiki": ("bot.install.cli:wiki", "The association wiki's pages of the policy."),
    "intake": ("bot.intake.cli:intake", "Move reports saved on the wiki into case files, "
               "remove them from the wiki and tell the reporter the case number (R-7.2, "
               "R-15.1)."),
    "footers": ("bot.footers.cli:footers", "The policy link, footers and contact-person boxes "
                "on the association wiki."),
    "publish": ("bot.publish.cli:publish",
                "Publish the anonymised overview and the yearly figures on the wiki."),
    "screen": ("bot.screening.cli:screen", "Screen an event's participants (R-6.1): "
               "sanctions, bans, locks, blocks, conflicts."),
    "screening": ("bot.screening.cli:screening", "Screening runs (director and board member "
                  "BVR), notes, measures, re-checks."),
    "acks": ("bot.housekeeping.cli:acks", "Who must sign the acknowledgement and has not, or "
             "is not trained (R-4.1 to R-4.3); remind them by wiki email."),
    "remind": ("bot.housekeeping.cli:remind", "Tell the responsible person about deadlines due "
               "or overdue (R-10.3, R-11.6, R-16.3), anonymous reports pending long (R-7.4), "
               "support not recorded (R-17.1) and sanctions that ended (R-17.2); the "
               "email names the case, never its content."),
    "retention": ("bot.housekeeping.cli:retention", "Destroy the case files whose retention "
                  "ended (R-15.4, R-15.5), never a pending anonymous report (its handler stops "
                  "it, R-7.4); the yearly figures (R-14.4) stay."),
    "serve": ("webhook.cli:serve", "Run the public report form and the case desk on HOST:PORT."),
    "desk-account": ("webhook.cli:desk_account", "Set NAME's local case-desk password (for "
                     "wikis without OAuth, and development)."),
}

log = logging.getLogger("bvr")


class SafeGroup(click.Group):
    """Turns every failure into one line on stderr and exit status 1; loads each command
    from `COMMANDS` only when it is asked for (click's "lazily loading subcommands")."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands or cmd_name not in COMMANDS:
            return super().get_command(ctx, cmd_name)
        module_name, attribute = COMMANDS[cmd_name][0].split(":")
        command = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{COMMANDS[cmd_name][0]} is not a click command")
        self.add_command(command, cmd_name)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from `COMMANDS`' short helps, importing no command."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = [(name, (self.commands.get(name) or click.Command(name, help=COMMANDS[name][1]))
                 .get_short_help_str(limit)) for name in names]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as error:
            if ctx.params.get("debug"):
                raise
            from bvr.commands.common import operator_language

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
    from bvr.commands.common import Context

    ctx.obj = Context(config_path)
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING)

