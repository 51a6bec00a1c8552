"""The desk's other pages, each for the roles the protocol names:

- home: what this person can do, by role;
- deadlines (R-10.3, R-11.6, R-16.3): those who may open case files;
- register of sanctions in force (R-15.3): contact persons, staff, the board member BVR;
- entering a report (R-7.2, R-5; the confidant in confidence, R-2.1);
- on-site incident records (R-8.4, R-8.5) and reading one's own events' records;
- the audit log (R-14.3): the board member BVR;
- declaring a conflict of interest (R-10.1, R-11.4): those who could be handed a file, without
  opening it;
- the proposals to decline a report on which the board decides (R-9.1): board members, who
  record the board's decision on the case number alone, without opening the file (R-15.2).
"""

from __future__ import annotations

import secrets
from typing import Any

from flask import flash, g, redirect, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from bvr.domain import Channel, Role
from bvr.errors import BvrError
from bvr.rules.access import DECLARING_ROLES, REPORT_ENTRY_ROLES, SANCTIONS_REGISTER_ROLES
from bvr.rules.deadlines import local_date
from bvr.rules.facts import BOARD_ROLES
from bvr.rules.verdict import RuleRefused
from bvr.services import (
    auditlog,
    casework,
    casework_decline,
    casework_desk,
    casework_incident,
    decisions,
)
from webhook import refusals
from webhook.auth.guard import desk_required
from webhook.desk import blueprint, forms, paging
from webhook.i18n import t
from webhook.state import current_core

INCIDENT_ROLES = frozenset({Role.CONTACT_PERSON}) | casework_incident.EVENT_WIDE_ROLES


def _status(error: BvrError | RuleRefused) -> int:
    return 403 if isinstance(error, RuleRefused) else 400


@blueprint.get("/")
@desk_required()
def home() -> Any:
    roles = g.roles
    return render_template(
        "desk/home.html",
        sees_cases=bool(roles & casework_desk.CASE_ROLES),
        sees_register=bool(roles & SANCTIONS_REGISTER_ROLES),
        enters_reports=bool(roles & REPORT_ENTRY_ROLES),
        records_incidents=bool(roles & INCIDENT_ROLES),
        reads_incidents=Role.CONTACT_PERSON in roles,
        reads_audit=bool(roles & casework_desk.AUDIT_ROLES),
        decides_declines=bool(roles & BOARD_ROLES),
        declares_conflicts=bool(roles & DECLARING_ROLES))


@blueprint.get("/deadlines")
@desk_required(*casework_desk.CASE_ROLES)
def deadlines() -> Any:
    page, size = paging.asked()
    return render_template("desk/deadlines.html", kept={}, lines=casework_desk.deadline_list(
        current_core(), g.desk.username, page, size))


@blueprint.get("/register")
@desk_required(*SANCTIONS_REGISTER_ROLES)
def register() -> Any:
    core = current_core()
    today = local_date(core.now(), core.config.zone)
    page, size = paging.asked()
    lines = decisions.sanctions_register_page(core, g.desk.username, g.desk.key, today, page,
                                              size)
    return render_template("desk/register.html", lines=lines, kept={})


@blueprint.get("/audit")
@desk_required(*casework_desk.AUDIT_ROLES)
def audit_log() -> Any:
    """R-14.3: the log a page at a time, filtered by case, person and kind of action."""
    page, size = paging.asked()
    core = current_core()
    wanted = auditlog.Filter(case=request.args.get("case", "")[:40].strip(),
                             person=request.args.get("person", "")[:255],
                             action=request.args.get("action", "")[:60])
    kept = {"case": wanted.case, "person": wanted.person, "action": wanted.action}
    try:
        shown = auditlog.read(core, g.desk.username, wanted, g.lang, page, size)
    except BvrError as error:  # an unknown case or person: say so, show the whole log
        flash(refusals.shown(error), "error")
        shown, kept = auditlog.read(core, g.desk.username, auditlog.Filter(), g.lang, 1,
                                    size), {}
    return render_template("desk/audit.html", shown=shown, kept=kept, wanted=wanted,
                           zone=core.config.zone, family_text=auditlog.family_text)


@blueprint.route("/report", methods=["GET", "POST"])
@desk_required(*REPORT_ENTRY_ROLES)
def enter_report() -> Any:
    channels = casework_desk.ENTRY_CHANNELS
    if request.method == "GET":
        return render_template("desk/report.html", channels=channels, values=MultiDict(),
                               token=secrets.token_urlsafe(16))
    try:
        entered = casework_desk.EnteredReport(
            channel=forms.choice("channel", Channel), what_happened=forms.text("what_happened"),
            language=request.form.get("language", g.lang), where=forms.text("where", 500),
            incident_on=forms.day("incident_on", required=False),
            reporter_name=forms.text("reporter_name", 200),
            reporter_contact=forms.text("reporter_contact", 200),
            reporter_is_victim=forms.flag("reporter_is_victim"),
            respondent_name=forms.text("respondent_name", 200),
            respondent_username=forms.text("respondent_username", 200),
            anonymous=forms.flag("anonymous"), emergency=forms.flag("emergency"),
            token=forms.text("token", 64))
        number = casework_desk.enter_report(current_core(), g.desk.username, entered)
    except (BvrError, RuleRefused) as error:  # keep what was typed, say why
        flash(refusals.shown(error), "error")
        return render_template("desk/report.html", channels=channels, values=request.form,
                               token=request.form.get("token", "")), _status(error)
    flash(t("web-report-entered", number=number), "info")
    return redirect(url_for("desk.home")), 303


@blueprint.route("/incident", methods=["GET", "POST"])
@desk_required(*INCIDENT_ROLES)
def incident() -> Any:
    core = current_core()
    events = casework_incident.events_for(core, g.desk.username)
    if request.method == "GET":
        return render_template("desk/incident.html", events=events, values=MultiDict(),
                               actions=casework_incident.ACTIONS,
                               token=secrets.token_urlsafe(16))
    try:
        event_id = int(request.form.get("event_id", "0"))
    except ValueError:
        event_id = 0
    try:
        number = casework_incident.record_incident(core, g.desk.username,
                                                   casework_incident.IncidentRecord(
            event_id=event_id, nature=forms.text("nature", 20_000),
            persons_involved=forms.text("persons_involved", 2000),
            reported_by=forms.text("reported_by", 500),
            actions=tuple(request.form.getlist("actions")),
            action_notes=forms.text("action_notes", 5000),
            incident_on=forms.day("incident_on", required=False),
            respondent_username=forms.text("respondent_username", 200),
            declined_as_unfounded=forms.flag("declined_as_unfounded"),
            second_person=forms.text("second_person", 200),
            language=g.lang, token=forms.text("token", 64)))
    except (BvrError, RuleRefused) as error:  # keep what was typed, say why
        flash(refusals.shown(error), "error")
        return render_template("desk/incident.html", events=events, values=request.form,
                               actions=casework_incident.ACTIONS,
                               token=request.form.get("token", "")), _status(error)
    flash(t("web-incident-recorded", number=number), "info")
    return redirect(url_for("desk.home")), 303


@blueprint.get("/incidents")
@desk_required(Role.CONTACT_PERSON)
def incidents() -> Any:
    records = casework_incident.my_records(current_core(), g.desk.username, g.desk.key)
    return render_template("desk/incidents.html", records=records)


@blueprint.route("/conflict", methods=["GET", "POST"])
@desk_required(*DECLARING_ROLES)
def conflict() -> Any:
    if request.method == "POST":
        try:
            casework.declare_conflict(current_core(), forms.text("number", 40), g.desk.username,
                                      forms.flag("has_conflict"))
        except (BvrError, RuleRefused) as error:  # a malformed number, not theirs to declare
            flash(refusals.shown(error), "error")
            return render_template("desk/conflict.html"), _status(error)
        # The same answer whether or not the case exists (see `declare_conflict`).
        flash(t("web-conflict-recorded"), "info")
        return redirect(url_for("desk.home")), 303
    return render_template("desk/conflict.html")


@blueprint.route("/declines", methods=["GET", "POST"])
@desk_required(*BOARD_ROLES)
def declines() -> Any:
    """R-9.1, R-15.2: proposals to decline on which the board decides; case numbers and the
    state of the board's decision only, never the case."""
    core = current_core()
    if request.method == "POST":
        number = forms.text("number", 40)
        try:
            result = casework_decline.board_approve_decline(core, number, g.desk.username)
        except (BvrError, RuleRefused) as error:
            flash(refusals.shown(error), "error")
        else:
            if result.verdict:
                flash(t("web-declines-decided", number=number), "info")
            else:
                needed = result.verdict.params.get("num", 1)
                flash(t("web-declines-recorded", number=number, num_needed=needed), "info")
        return redirect(url_for("desk.declines")), 303
    return render_template("desk/declines.html",
                           proposals=casework_decline.board_declines(core, g.desk.username))
