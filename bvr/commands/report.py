"""`bvr report file`: a staff member enters an oral or written report (R-7.2, R-5)."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from typing import Any, TypeVar

import click

from bvr import vault
from bvr.commands import checked_entry
from bvr.commands.common import Context, dry_run_option, pass_context, say
from bvr.domain import Channel, PartyRole
from bvr.errors import BvrError
from bvr.i18n import translate
from bvr.services import casework_web
from bvr.services.reports import PartyInput, ReportInput, file_report

E = TypeVar("E", Channel, PartyRole)

_FIELDS = {"channel", "what_happened", "incident_on", "where", "parties", "anonymous",
           "emergency", "language", "during_event", "entered_by"}
_PARTY_FIELDS = {"role", "name", "username", "contact"}


@click.group()
def report() -> None:
    """File reports."""


@report.command("file")
@click.option("--json", "from_json", is_flag=True,
              help="Read the report as a JSON object on standard input (see README).")
@click.option("--channel", type=click.Choice([c.value for c in Channel]), default="oral",
              show_default=True)
@click.option("--text", "what_happened", hidden=True,
              help="Deprecated: visible in shell history and `ps`. Give the text on standard "
                   "input or in the editor that opens.")
@click.option("--incident-date", type=click.DateTime(["%Y-%m-%d"]),
              help="When it happened (YYYY-MM-DD), if known.")
@click.option("--where", default="", help="Platform, channel or event.")
@click.option("--reporter", default="", help="The reporter's name (leave out if anonymous).")
@click.option("--reporter-contact", default="", help="How to reach the reporter.")
@click.option("--respondent", "respondents", multiple=True,
              help="Wiki username of the person the report is about; repeat for more.")
@click.option("--anonymous", is_flag=True, help="The reporter wants to stay anonymous.")
@click.option("--emergency", is_flag=True, help="Someone is in danger: fast track.")
@click.option("--language", type=click.Choice(["nl", "en", "sv"]), default=None,
              help="The reporter's language.")
@click.option("--entered-by", required=True, help="Your username (the staff member).")
@pass_context
@dry_run_option
def file_(ctx: Context, from_json: bool, channel: str, what_happened: str | None,
          incident_date: datetime | None, where: str, reporter: str, reporter_contact: str,
          respondents: tuple[str, ...], anonymous: bool, emergency: bool,
          language: str | None, entered_by: str) -> None:
    """Enter a report received orally or in writing; prints its case number.

    What happened comes from standard input (`bvr report file ... < report.txt`) or, at a
    terminal, from the editor that opens ($EDITOR), never from an argument: arguments land in
    shell history and `ps`. With --json the whole report comes on standard input."""
    core = ctx.ready_core()
    entered_by = checked_entry.officer(core, entered_by)
    if from_json:
        data = _read_json()
        if vault.normalise_username(str(data.get("entered_by") or entered_by)) != entered_by:
            raise BvrError("operator-entered-by-disagree", flag=entered_by)
        data["entered_by"] = entered_by
        report_input = _from_json(data, core.config.language)
    else:
        if what_happened is not None:
            click.echo(translate("operator-text-argument-deprecated", ctx.lang), err=True)
        else:
            what_happened = _report_text(ctx)
        parties = [PartyInput(PartyRole.RESPONDENT, username=name) for name in respondents]
        if reporter or reporter_contact:
            parties.insert(0, PartyInput(PartyRole.REPORTER, name=reporter,
                                         contact=reporter_contact))
        report_input = ReportInput(
            channel=Channel(channel), what_happened=what_happened or "",
            incident_on=incident_date.date() if incident_date else None, where=where,
            parties=tuple(parties), anonymous=anonymous, emergency=emergency,
            language=language or core.config.language, entered_by=entered_by)
    checked_entry.not_in_future(core, report_input.incident_on)
    filed = file_report(core, report_input)
    say(ctx, "core-report-filed", number=filed.number, num_readers=filed.readers)
    if filed.new:  # the fast track from every entry path, as the web form and the desk have
        alerted = casework_web.alert_new_report(core, filed.number, report_input.emergency,
                                                filed.to_tell,
                                                casework_web.Emergency(place=report_input.where))
        if report_input.emergency:
            say(ctx, "core-report-emergency-alerted" if alerted
                else "core-report-emergency-not-alerted")


def _stdin_text() -> str:
    try:
        return sys.stdin.buffer.read().decode("utf-8")
    except UnicodeDecodeError as error:
        raise BvrError("operator-input-not-utf8", position=error.start) from None


def _report_text(ctx: Context) -> str:
    """The report's text: standard input when it is redirected, else the editor."""
    if sys.stdin.isatty():
        text = click.edit(translate("operator-editor-hint", ctx.lang) + "\n") or ""
        text = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    else:
        text = _stdin_text()
    if not text.strip():
        raise BvrError("operator-text-empty")
    return text.strip()


def _read_json() -> dict[str, Any]:
    try:
        data = json.loads(_stdin_text())
    except json.JSONDecodeError as error:
        raise BvrError("core-json-invalid", line=error.lineno, column=error.colno) from None
    except RecursionError:
        raise BvrError("operator-json-too-deep") from None
    if not isinstance(data, dict):
        raise BvrError("core-json-not-object")
    return data


def _from_json(data: dict[str, Any], default_language: str) -> ReportInput:
    unknown = sorted(set(data) - _FIELDS)
    if unknown:
        raise BvrError("core-json-unknown-field", field=unknown[0],
                       choices=", ".join(sorted(_FIELDS)))
    parties = data.get("parties", [])
    if not isinstance(parties, list) or not all(isinstance(p, dict) for p in parties):
        raise BvrError("core-json-field-type", field="parties", expected="list of objects")
    return ReportInput(
        channel=_choice(Channel, data.get("channel", "written"), "channel"),
        what_happened=_text(data, "what_happened"),
        incident_on=_date(data.get("incident_on")),
        where=_text(data, "where"),
        parties=tuple(_party(p) for p in parties),
        anonymous=_flag(data, "anonymous"),
        emergency=_flag(data, "emergency"),
        language=_text(data, "language") or default_language,
        during_event=_flag(data, "during_event"),
        entered_by=_text(data, "entered_by"),
    )


def _party(data: dict[str, Any]) -> PartyInput:
    unknown = sorted(set(data) - _PARTY_FIELDS)
    if unknown:
        raise BvrError("core-json-unknown-field", field=f"parties.{unknown[0]}",
                       choices=", ".join(sorted(_PARTY_FIELDS)))
    return PartyInput(_choice(PartyRole, data.get("role", "other"), "parties.role"),
                      _text(data, "name"), _text(data, "username"), _text(data, "contact"))


def _text(data: dict[str, Any], name: str) -> str:
    value = data.get(name, "")
    if not isinstance(value, str):
        raise BvrError("core-json-field-type", field=name, expected="text")
    return value


def _flag(data: dict[str, Any], name: str) -> bool:
    value = data.get(name, False)
    if not isinstance(value, bool):
        raise BvrError("core-json-field-type", field=name, expected="true or false")
    return value


def _date(value: object) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise BvrError("core-json-field-type", field="incident_on",
                       expected="a date YYYY-MM-DD") from None


def _choice(enum: type[E], value: object, name: str) -> E:
    try:
        return enum(str(value))
    except ValueError:
        raise BvrError("core-json-field-choice", field=name, value=value,
                       choices=", ".join(member.value for member in enum)) from None
