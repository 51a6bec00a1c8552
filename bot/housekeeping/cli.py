"""`bvr acks`, `bvr remind`, `bvr retention`: the daily housekeeping jobs.

Each job is safe to run again (a reminder goes out once, a destroyed file is not destroyed
twice), has `--dry-run` (say what would happen, change and send nothing) and `--json` (for
monitoring). What they print names case numbers, rules and officers' usernames only.
"""

from __future__ import annotations

import click

from bot import wikimail
from bot.housekeeping import wiki
from bvr import notify
from bvr.commands.common import Context, pass_context, print_json, say
from bvr.i18n import translate
from bvr.services import housekeeping
from bvr.services import retention as retention_service
from bvr.services.core import Core
from bvr.services.housekeeping import AckLine

DRY_RUN_HELP = "Show what would be done; change and send nothing."
JSON_HELP = "Print JSON instead of text."


@click.command()
@click.option("--group", "groups", multiple=True, default=wiki.ADVANCED_GROUPS,
              show_default=True, help="Wiki user groups that count as advanced rights.")
@click.option("--dry-run", is_flag=True, help=DRY_RUN_HELP)
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
@pass_context
def acks(ctx: Context, groups: tuple[str, ...], dry_run: bool, as_json: bool) -> None:
    """Who must sign the acknowledgement and has not, or is not trained (R-4.1 to R-4.3);
    remind them by wiki email."""
    from bot.site import connect

    core = ctx.ready_core()
    site = connect(core.config)
    holders = wiki.advanced_rights_holders(site, groups)
    own = site.user()
    lines = housekeeping.acknowledgement_overview(
        core, [name for name in holders if name != own])
    reminded: list[str] = []
    unreachable: list[str] = []
    for line in lines:
        if not line.needs_reminder or not housekeeping.ack_reminder_pending(core, line):
            continue
        if dry_run:
            reminded.append(line.username)
        elif wikimail.send(site, line.username, *_ack_email(core, line)):
            housekeeping.mark_ack_reminded(core, line)
            reminded.append(line.username)
        else:
            unreachable.append(line.username)
    if as_json:
        print_json({"dry_run": dry_run, "people": [line.as_dict() for line in lines],
                    "reminded": reminded, "unreachable": unreachable})
        return
    for line in lines:
        say(ctx, "housekeeping-acks-line", username=line.username,
            status=translate(f"housekeeping-ack-status-{line.status.value}", ctx.lang),
            capacities=", ".join(line.capacities),
            trained=translate("housekeeping-yes" if line.trained else "housekeeping-no",
                              ctx.lang))
    _summary(ctx, dry_run, "housekeeping-acks-reminded", reminded)
    if unreachable:
        say(ctx, "housekeeping-acks-unreachable", names=", ".join(unreachable))


@click.command()
@click.option("--dry-run", is_flag=True, help=DRY_RUN_HELP)
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
@pass_context
def remind(ctx: Context, dry_run: bool, as_json: bool) -> None:
    """Tell the responsible person about deadlines due or overdue (R-10.3, R-11.6, R-16.3),
    anonymous reports pending long (R-7.4), support not recorded (R-17.1) and sanctions that
    ended (R-17.2); the email names the case, never its content."""
    core = ctx.ready_core()
    reminders = housekeeping.due_reminders(core)
    reached = [r for r in reminders if any(person.email for person in r.recipients)]
    if not dry_run:
        notify.send(core.config.mail, core.config.association, [
            notify.Notice(person.email, person.language, reminder.number, reminder.reason)
            for reminder in reached for person in reminder.recipients if person.email])
        housekeeping.mark_sent(core, reached)
    if as_json:
        print_json({"dry_run": dry_run, "reminders": [r.as_dict() for r in reminders]})
        return
    for reminder in reminders:
        say(ctx, "housekeeping-remind-line", number=reminder.number, rule=reminder.rule,
            stage=translate(f"housekeeping-stage-{reminder.stage}", ctx.lang),
            due=reminder.due_on.isoformat(),
            to=", ".join(p.username for p in reminder.recipients if p.email) or "-")
        missing = [p.username for p in reminder.recipients if not p.email]
        if missing:
            say(ctx, "housekeeping-remind-no-email", names=", ".join(missing))
    _summary(ctx, dry_run, "housekeeping-remind-sent", [r.number for r in reached])


@click.command(name="retention")
@click.option("--dry-run", is_flag=True, help=DRY_RUN_HELP)
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
@pass_context
def retention_command(ctx: Context, dry_run: bool, as_json: bool) -> None:
    """Destroy the case files whose retention ended (R-15.4, R-15.5), never a pending
    anonymous report (its handler stops it, R-7.4); the yearly figures (R-14.4) stay."""
    core = ctx.ready_core()
    files = retention_service.due(core)
    if not dry_run:
        retention_service.destroy(core, files)
    if as_json:
        print_json({"dry_run": dry_run, "destroyed": [] if dry_run else
                    [f.as_dict() for f in files],
                    "due": [f.as_dict() for f in files]})
        return
    for item in files:
        say(ctx, "operator-retention-would-line" if dry_run else "housekeeping-retention-line",
            number=item.number, rule=item.rule)
    _summary(ctx, dry_run, "housekeeping-retention-destroyed", [f.number for f in files])


#: The name the lead registers: `bvr retention`.
retention = retention_command


def _ack_email(core: Core, line: AckLine) -> tuple[str, str]:
    """Subject and text of a reminder to sign or to train, in the person's language."""
    lang, config = line.language, core.config
    key = "untrained" if line.status.value == "valid" else line.status.value
    body = translate(f"housekeeping-ack-body-{key}", lang, association=config.association,
                     policy=config.wiki.policy_page,
                     expires=line.expires_on.isoformat() if line.expires_on else "")
    if not line.trained and key != "untrained":
        body += "\n\n" + translate("housekeeping-ack-body-untrained", lang,
                                   association=config.association,
                                   policy=config.wiki.policy_page, expires="")
    return translate("housekeeping-ack-subject", lang, association=config.association), body


def _summary(ctx: Context, dry_run: bool, key: str, items: list[str]) -> None:
    """The last line: what was done, or in a dry run what would be done (and that nothing
    was), in one sentence that does not lean on lines that may not be there."""
    if dry_run:
        key = key.replace("housekeeping-", "operator-would-", 1)
    say(ctx, key, num=len(items))
