"""The case list, one case file, and the actions on it.

A case number that does not exist and one the person may not open get the same answer (404,
same page): guessing numbers tells nothing. Each action is one service call, so its rule and
its audit record live in the core (`bvr.services.casework`); a refusal comes back as a message
above the case, naming its requirement.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from flask import abort, flash, g, redirect, render_template, request, url_for

from bvr.casenumber import InvalidCaseNumber
from bvr.domain import (
    CaseStatus,
    Category,
    Consultee,
    DecisionBody,
    EntryKind,
    PartyRole,
    SanctionType,
)
from bvr.errors import BvrError
from bvr.i18n import FALLBACK, catalogue
from bvr.rules import board as rules_board
from bvr.rules import investigation
from bvr.rules.deadlines import DeadlineStatus, local_date
from bvr.rules.facts import SanctionTerms
from bvr.rules.verdict import RuleRefused
from bvr.services import (
    board,
    casefiles,
    casework,
    casework_decline,
    casework_desk,
    casework_investigation,
    casework_outcome,
    decisions,
    measures,
    pending,
    support,
)
from bvr.services.core import Core
from bvr.vault import UnlockedKey
from webhook import refusals
from webhook.auth.guard import desk_required
from webhook.desk import blueprint, forms, paging, protocol
from webhook.i18n import label, t
from webhook.state import current_core

Action = Callable[[Core, str, str, UnlockedKey], Any]


@blueprint.get("/cases")
@desk_required(*casework_desk.CASE_ROLES)
def cases() -> Any:
    page, size = paging.asked()
    listed = casework_desk.my_cases(current_core(), g.desk.username, page, size)
    return render_template("desk/cases.html", cases=listed, kept={})



NOT_AVAILABLE = frozenset({"core-case-unknown", "core-case-not-shared", "core-casenumber-format",
                           "core-casenumber-check"})


@blueprint.get("/case/<number>")
@desk_required()
def case(number: str) -> Any:
    try:
        page = casework_desk.case_page(current_core(), number, g.desk.username, g.desk.key)
    except RuleRefused:
        abort(404)
    except (InvalidCaseNumber, BvrError) as error:
        if error.message.key in NOT_AVAILABLE:
            abort(404)
        raise
    return render_template("desk/case.html", page=page, field=field_name, shown=shown,
                           hidden=HIDDEN_FIELDS, due=first_due(page.deadlines),
                           timeline=timeline(page), deadline_name=deadline_name,
                           why_rule=why_rule, zone_name=current_core().config.timezone,
                           Category=Category,
                           PartyRole=PartyRole, Consultee=Consultee, SanctionType=SanctionType,
                           DecisionBody=DecisionBody, CaseStatus=CaseStatus,
                           topics=casework.INFORM_TOPICS, tell=casework.TELL_NOW)


#: Deadline states that still ask for something.
_OPEN = frozenset({DeadlineStatus.PENDING, DeadlineStatus.DUE_SOON, DeadlineStatus.OVERDUE})


def first_due(found: Iterable[casework_desk.Deadline]) -> casework_desk.Deadline | None:
    """What is due next: the soonest deadline still open (an emergency's comes first anyway,
    being the shortest)."""
    return min((d for d in found if d.state in _OPEN), key=lambda d: d.due, default=None)


@dataclass(frozen=True)
class TimelineItem:
    at: datetime
    entry: casework_desk.Entry | None = None
    deadline: casework_desk.Deadline | None = None


def timeline(page: casework_desk.CasePage) -> list[TimelineItem]:
    """The file in order: its entries (reports, notes, hearings, decisions, messages) and
    the deadlines, each at its moment; a deadline shows where it fell among the entries."""
    items = [TimelineItem(e.created_at, entry=e) for e in page.entries]
    items += [TimelineItem(d.due, deadline=d) for d in page.deadlines]
    return sorted(items, key=lambda i: i.at)


@blueprint.app_template_global("due_text")
def due_text(deadline: casework_desk.Deadline) -> str:
    """When a deadline falls: the day, or for an emergency's deadline of hours the time too."""
    if deadline.rule == "emergency":
        return local_time(deadline.due)
    return local_day(deadline.due)


def deadline_name(rule: str) -> str:
    """The reader's name of a deadline (`casework_desk.Deadline.rule`)."""
    return t("web-deadline-" + rule)


#: Deadlines that are not one requirement's, and the text their "why?" link explains.
_WHY = {"emergency": "movement", "appeal-decision": "R-16.2"}


def why_rule(rule: str) -> str:
    return _WHY.get(rule, rule)


#: Entry fields that are not worth a line on the page (ids and internal keys).
HIDDEN_FIELDS = frozenset({"source_key", "event_id", "draft_index"})


def field_name(name: str) -> str:
    """The reader's word for a field of a case-file entry; an unforeseen field (an entry
    written by a newer version) keeps its technical name rather than breaking the page."""
    key = f"web-entry-field-{name.replace('_', '-')}"
    return t(key) if key in catalogue(FALLBACK) else name


#: Entry fields whose values are enumerations, and the message prefix of their labels.
VALUE_LABELS = {"channel": "web-desk-channel-", "category": "web-desk-category-",
                "consultee": "web-desk-consultee-", "party_role": "web-desk-party-",
                "to": "web-desk-party-", "from": "web-desk-party-",
                "sanction": "web-desk-sanction-", "body": "web-desk-body-",
                "appeal": "web-desk-body-", "tell": "web-desk-role-",
                "stage": "web-desk-stage-", "topics": "web-topic-",
                "actions": "web-incident-action-", "kind": "web-send-kind-",
                "language": "web-language-", "measure": "web-screening-measure-",
                "board_vote": "web-board-vote-", "on_site_measure": "web-desk-sanction-",
                "alv": "web-register-alv-", "outcome": "web-steps-outcome-",
                "entered_by": "web-entry-entered-by-"}


def shown(value: object, name: str = "") -> str:
    """An entry's value as text: yes/no for flags, lists joined, and enumeration values in
    the reader's words (a value without a label, such as free text, stays as it is)."""
    if isinstance(value, bool):
        return t("web-yes") if value else t("web-no")
    if isinstance(value, list | tuple):
        return ", ".join(shown(v, name) for v in value)
    text = str(value)
    prefix = VALUE_LABELS.get(name)
    if prefix is not None:
        key = prefix + text.replace("_", "-")
        if key in catalogue(FALLBACK):
            return t(key)
    return text


def _triage(core: Core, number: str, user: str, key: UnlockedKey) -> None:
    casework.triage(core, number, user, key, casework.Triage(
        category=forms.choice("category", Category), violation=forms.flag("violation"),
        immediate_action=forms.flag("immediate_action"), regular_way=forms.flag("regular_way"),
        tell=tuple(request.form.getlist("tell")), note=forms.text("note"),
        confirmed=forms.flag("confirmed"), take_into_handling=forms.flag("take_into_handling")))


def _sanction(core: Core, number: str, user: str, key: UnlockedKey) -> rules_board.Tally | None:
    terms = SanctionTerms(forms.choice("type", SanctionType), forms.required_day("starts_on"),
                          forms.day("ends_on", required=False),
                          justification=forms.text("justification"),
                          covers_alv=forms.flag("covers_alv"),
                          against_member=forms.flag("against_member"),
                          alv_reason=forms.text("alv_reason", 2000))
    body = forms.choice("body", DecisionBody)
    considerations = _considerations()
    if body is DecisionBody.BOARD:
        # R-2.1: the board decides as a body: the sanction goes to its members' vote.
        return board.propose_sanction(
            core, number, user, key, terms=terms, respondent=forms.text("respondent", 255),
            scope=forms.text("scope", 2000), considerations=considerations,
            reason=considerations.nature_and_severity)
    decisions.impose_sanction(
        core, number, user, key, body=body, terms=terms,
        respondent=forms.text("respondent", 255), scope=forms.text("scope", 2000),
        considerations=considerations)
    return None


def _considerations(prefix: str = "") -> decisions.Considerations:
    """R-11.5: the four considerations and the offender's position, as the form gives them
    (`prefix` "new_" for the sanction an upheld appeal puts in place)."""
    return decisions.Considerations(
        nature_and_severity=forms.text(f"{prefix}nature_and_severity"),
        history=forms.text(f"{prefix}history"),
        role_of_respondent=forms.text(f"{prefix}role_of_respondent"),
        personal_factors=forms.text(f"{prefix}personal_factors"),
        elected_officer=forms.flag(f"{prefix}elected_officer"),
        role_weighed_heavier=forms.flag(f"{prefix}role_weighed_heavier"))


def _appeal(core: Core, number: str, user: str, key: UnlockedKey) -> None:
    filed_on = forms.day("filed_on", required=False)
    requested = request.form.get("requested_at", "")
    filed_at = None
    if requested:
        try:
            filed_at = datetime.fromisoformat(requested)
        except ValueError:
            raise BvrError("web-form-error-date") from None
    elif filed_on is not None:
        filed_at = datetime.combine(filed_on, time(12), tzinfo=core.config.zone)
    casework_outcome.file_appeal(core, number, user, key,
                                 appellant_role=forms.choice("appellant_role", PartyRole),
                                 filed_at=filed_at, sanctioned=forms.flag("sanctioned"))


def _appeal_decide(core: Core, number: str, user: str,
                   key: UnlockedKey) -> rules_board.Tally | None:
    """R-16.2: the appeal body's decision; an upheld appeal may lift or replace the sanction
    (the `new_*` fields, used when a new sanction type is chosen). The board proposes its
    decision to its members' vote (R-2.1)."""
    replacement = None
    if request.form.get("new_type"):
        replacement = casework_outcome.AppealSanction(
            terms=SanctionTerms(forms.choice("new_type", SanctionType),
                                forms.required_day("new_starts_on"),
                                forms.day("new_ends_on", required=False),
                                justification=forms.text("new_justification")),
            respondent=forms.text("new_respondent", 255), scope=forms.text("new_scope", 2000),
            considerations=_considerations("new_"))
    if board.hears_appeal(core, number, user, key):
        return board.propose_appeal_decision(
            core, number, user, key, upheld=forms.flag("upheld"),
            reasoning=forms.text("reasoning"), lift=forms.flag("lift"),
            replacement=replacement)
    casework_outcome.decide_appeal(core, number, user, key, upheld=forms.flag("upheld"),
                                   reasoning=forms.text("reasoning"), lift=forms.flag("lift"),
                                   replacement=replacement)
    return None


def _board_vote(core: Core, number: str, user: str, key: UnlockedKey) -> rules_board.Tally:
    """R-2.1: a board member's vote, for or against, with the reason."""
    try:
        motion = int(request.form.get("motion", ""))
    except ValueError:
        raise BvrError("web-board-motion-unknown") from None
    vote = request.form.get("vote", "")
    if vote not in {"for", "against"}:
        raise BvrError("web-field-choice", field="vote")
    return board.vote(core, number, user, key, motion_id=motion, in_favour=vote == "for",
                      reason=forms.text("reason"))


def _stop(core: Core, address: str, user: str, key: UnlockedKey) -> None:
    """R-7.4: no confirmation found; the handler ticks that they mean it (it cannot be undone)."""
    if not forms.flag("no_confirmation"):
        raise BvrError("web-stop-unconfirmed")
    pending.stop(core, address, user, key)


def _parties() -> tuple[int, ...]:
    """R-10.1 to R-10.3: the party rows ticked as the person a step was taken with."""
    ticked = request.form.getlist("parties")
    if not all(value.isdigit() for value in ticked):
        raise BvrError("web-field-choice", field="parties")
    return tuple(int(value) for value in ticked)


def _outcome() -> investigation.Outcome:
    """R-10.2, R-10.3: offered, held or declined; a form without the field means held."""
    if not request.form.get("outcome"):
        return investigation.Outcome.HELD
    return forms.choice("outcome", investigation.Outcome)


ACTIONS: dict[str, Action] = {
    "triage": _triage,
    "handler": lambda c, n, u, k: casework.assign_handler(c, n, u, k, forms.text("handler", 255)),
    "investigator": lambda c, n, u, k: casework.add_investigator(
        c, n, u, k, investigator=forms.text("investigator", 255),
        external_name=forms.text("external_name", 255),
        no_conflict_declared=forms.flag("no_conflict_declared")),
    "end_investigator": lambda c, n, u, k: casework.end_delegation(
        c, n, u, k, investigator=forms.text("investigator", 255)),
    "refer_board": casework_outcome.refer_to_board,
    "inform": lambda c, n, u, k: casework.inform_party(
        c, n, u, k, party_role=forms.choice("party_role", PartyRole),
        topics=tuple(request.form.getlist("topics")), text=forms.text("text"),
        parties=_parties()),
    "message": lambda c, n, u, k: casework.message_reporter(
        c, n, u, k, text=forms.text("text"), kind=forms.text("kind", 20)),
    "hearing": lambda c, n, u, k: casework_investigation.record_hearing(
        c, n, u, k, party_role=forms.choice("party_role", PartyRole),
        heard_on=forms.required_day("heard_on"), adviser_present=forms.flag("adviser_present"),
        adviser=forms.text("adviser", 255), notes=forms.text("notes"),
        outcome=_outcome(), parties=_parties()),
    "consultation": lambda c, n, u, k: casework_investigation.record_consultation(
        c, n, u, k, consultee=forms.choice("consultee", Consultee),
        summary=forms.text("summary")),
    "draft": lambda c, n, u, k: casework_investigation.draft_report(
        c, n, u, k, findings=forms.text("findings"), redacted=forms.text("redacted")),
    "review": lambda c, n, u, k: casework_investigation.review_draft(
        c, n, u, k, party_role=forms.choice("party_role", PartyRole),
        comments=forms.text("comments"), outcome=_outcome(), parties=_parties()),
    "finalise": lambda c, n, u, k: casework_investigation.finalise_report(
        c, n, u, k, steps_reason=forms.text("steps_reason")),
    "sanction": _sanction,
    "decide": lambda c, n, u, k: casework_outcome.decide_without_sanction(
        c, n, u, k, reasoning=forms.text("reasoning")),
    "announce": casework_outcome.announce_decision,
    "decline": lambda c, n, u, k: casework_decline.approve_decline(
        c, n, u, k, reason=forms.text("reason")),
    "appeal": _appeal,
    "appeal_decide": _appeal_decide,
    "board_vote": _board_vote,
    "confirm_measures": measures.confirm_measures,
    "close": casework_outcome.close_case,
    "reopen": lambda c, n, u, k: casework_outcome.reopen(c, n, u, k, reason=forms.text("reason")),
    "link": lambda c, n, u, k: casework_outcome.link_cases(c, n, forms.text("other", 40), u, k),
    "stop": _stop,
    "support": lambda c, n, u, k: support.record_support(
        c, n, u, k, party_role=forms.choice("party_role", PartyRole),
        offered=forms.text("offered"), accepted=forms.flag("accepted")),
    "note": lambda c, n, u, k: casefiles.add_entry(
        c, n, u, k, EntryKind.NOTE, {"text": forms.text("text")}),
}


@blueprint.post("/case/<number>/<action>")
@desk_required()
def act(number: str, action: str) -> Any:
    handler = ACTIONS.get(action)
    if handler is None:
        abort(404)
    try:
        result = handler(current_core(), number, g.desk.username, g.desk.key)
    except RuleRefused as refusal:
        if refusal.verdict.reason in {"rules-access-involved", "rules-access-not-allowed",
                                      "rules-access-appeal-only", "rules-access-confidant",
                                      "rules-access-director-stepped-aside"}:
            abort(404)  # the same as an unknown number: nothing to learn by guessing
        flash(refusals.shown(refusal), "error")
        return redirect(url_for("desk.case", number=number)), 303
    except BvrError as error:
        if error.message.key in NOT_AVAILABLE:
            abort(404)
        flash(refusals.shown(error), "error")
        return redirect(url_for("desk.case", number=number)), 303
    # An anonymous report confirmed under its pending reference now has a case number.
    address = casework_desk.open_address(current_core(), number, g.desk.username)
    if isinstance(result, rules_board.Tally) and result.outcome is rules_board.Outcome.PENDING:
        flash(t("web-board-proposed", num=result.still_needed), "info")
    elif action == "stop":  # the report is gone: nothing left to show
        flash(t("web-stop-done"), "info")
        return redirect(url_for("desk.cases")), 303
    elif address is None:
        # Deciding gave the file back (the board after an appeal or a sanction (d)-(f),
        # say so and go where this person may be, not to a page they cannot open.
        flash(t("web-case-saved-no-access", number=number), "info")
        return redirect(url_for("desk.home")), 303
    elif isinstance(result, rules_board.Tally):
        # The vote that decided: say what the board decided, not just "saved".
        flash(t("web-board-taken" if result.outcome is rules_board.Outcome.TAKEN
                else "web-board-rejected"), "info")
    elif action == "decline" and result is not None and not result.verdict:
        flash(t("web-decline-recorded", waiting=", ".join(
            label("desk-role", r) for r in sorted(result.still_needed))), "info")
    else:
        flash(t("web-done"), "info")
    return redirect(url_for("desk.case", number=address or number)), 303


@blueprint.get("/why/<rule>")
@desk_required()
def why(rule: str) -> Any:
    """A "why?" link's page: the protocol's own words for a requirement (docs/requirements.md)."""
    return render_template("desk/why.html", rule=rule, text=protocol.requirement(rule))


@blueprint.app_template_filter("local")
def local_time(moment: datetime) -> str:
    """A moment as the association's clock shows it (never UTC on a page)."""
    return moment.astimezone(current_core().config.zone).strftime("%Y-%m-%d %H:%M")


@blueprint.app_template_filter("local_day")
def local_day(moment: datetime) -> str:
    return local_date(moment, current_core().config.zone).isoformat()
