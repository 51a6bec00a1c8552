"""The outcome of a case: a decision without sanction, announcing the decision (R-11.6,
R-16.3), appeals routed to the body R-16.2 names and timed (R-16.3, R-16.4), closing,
reopening and linking case files. Sanctions themselves are `decisions.impose_sanction`.

A decline is a decision too (R-9.1): it is announced and can be appealed like any other. A
case with a decision closes only when nobody can appeal it any more (R-16.3,
`appeals.may_close`), and an appellant's standing is checked against the case's own parties
(R-16.1, `appeals.standing`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bvr import vault
from bvr.casenumber import InvalidCaseNumber, parse
from bvr.domain import CaseStatus, DecisionBody, EntryKind, PartyRole, Role
from bvr.errors import BvrError
from bvr.rules import access, appeals, board, handling, sanctions
from bvr.rules.considerations import check_considerations
from bvr.rules.facts import Actor, CaseFacts, SanctionTerms
from bvr.rules.verdict import Verdict, refuse, require
from bvr.services import casework, decisions, facts, measures, people
from bvr.services.casefiles import opened
from bvr.services.core import Core
from bvr.storage.models import Appeal, Case, Party, Person, Sanction
from bvr.storage.models_keyring import BoardReferral
from bvr.storage.models_web import CaseLink


def decide_without_sanction(core: Core, number: str, username: str, key: vault.UnlockedKey, *,
                            reasoning: str) -> None:
    """A decision that imposes nothing (no violation found), by whoever may decide (R-11.4)."""
    with opened(core, number, username, key) as (session, person, case, data_key):
        casework.require_handler(session, core, person, case)
        require(handling.may_take_part_in_deciding(casework.actor_of(session, person),
                                                   casework.facts_of(session, core, case)))
        casework.record_entry(session, core, person, case, data_key, EntryKind.DECISION, {
            "sanction": None, "reasoning": casework.field_text(reasoning)})
        casework.move_status(session, core, person, case, CaseStatus.DECIDED)


def announce_decision(core: Core, number: str, username: str, key: vault.UnlockedKey) -> None:
    """The decision (or the decline, R-9.1) was communicated to the parties: R-11.6 is met,
    R-16.3 starts counting."""
    with opened(core, number, username, key) as (session, person, case, data_key):
        if case.status not in appeals.APPEALABLE:
            raise BvrError("web-announce-needs-decision")
        require(handling.may_take_part_in_deciding(casework.actor_of(session, person),
                                                   casework.facts_of(session, core, case)))
        now = core.now()
        case.decision_announced_at = now
        for sanction in session.scalars(select(Sanction).where(
                Sanction.case_id == case.id, Sanction.announced_at.is_(None))):
            sanction.announced_at = now
        casework.log_action(session, core, person, "decision-announced", case)
        if _end_board_referral(session, core, person, case):
            casework.reshare(session, core, person, case, data_key, key)


def refer_to_board(core: Core, number: str, username: str, key: vault.UnlockedKey) -> None:
    """R-11.3, R-10.3: the handler puts the case before the board to decide a sanction
    (d)-(f); the uninvolved board members read the file (and the investigation report) from
    now until the decision is announced (`announce_decision`) or the case is closed."""
    with opened(core, number, username, key) as (session, person, case, data_key):
        casework.require_handler(session, core, person, case)
        if case.status not in {CaseStatus.IN_HANDLING, CaseStatus.DECIDED}:
            raise BvrError("core-sanction-case-not-in-handling", number=case.address,
                           status=case.status.value)
        if not facts.board_deciding(session, case.id):
            session.add(BoardReferral(case_id=case.id, referred_at=core.now(),
                                      referred_by_id=person.id))
            casework.log_action(session, core, person, "board-referral", case)
        casework.reshare(session, core, person, case, data_key, key)
        board = [p for p in people.holders(session, frozenset({Role.BOARD, Role.BOARD_BVR}))
                 if p.id != person.id]
        number = case.address
    casework.notify_people(core, board, number, "message")


def _end_board_referral(session: Session, core: Core, person: Person, case: Case) -> bool:
    """The board's decision on (d)-(f) is done: its members give up the file (R-15.2)."""
    ended = False
    for referral in session.scalars(select(BoardReferral).where(
            BoardReferral.case_id == case.id, BoardReferral.ended_at.is_(None))):
        referral.ended_at = core.now()
        ended = True
    if ended:
        casework.log_action(session, core, person, "board-referral-ended", case)
    return ended


def current_decision(session: Session, core: Core, case: Case) -> appeals.Decision:
    """The decision an appeal would be against now (also the reporter's channel's offer)."""
    return _decision(session, core, case)


def _decision(session: Session, core: Core, case: Case) -> appeals.Decision:
    return decisions.decision_under_appeal(session, core, case)


#: The decision an appeal would be against, for the case page's next steps.
decision_of = _decision


def file_appeal(core: Core, number: str, username: str, key: vault.UnlockedKey, *,
                appellant_role: PartyRole, filed_at: datetime | None = None,
                sanctioned: bool = False) -> str:
    """R-16.1 to R-16.4: record an appeal (filed at `filed_at`, e.g. when the reporter sent it
    through their channel), route it (R-16.2) and share the file with the body hearing it
    (R-15.2). Whether the case's event is still running (R-16.4) is read from the event's own
    dates (`measures.running`). A case whose only decision is a contact person's measure on
    the spot (R-8.4) is appealed against that measure (`measures.file_appeal`). Returns the
    body that hears it."""
    with opened(core, number, username, key) as (session, person, case, data_key):
        when = filed_at or core.now()
        if measures.appealable(session, case):
            heard_by = measures.file_appeal(session, core, person, case,
                                            appellant_role=appellant_role, filed_at=when,
                                            sanctioned=sanctioned)
            return heard_by
        decision = _decision(session, core, case)
        require(appeals.may_file_appeal({appellant_role}, decision, case.status, when,
                                        core.config.zone, sanctioned=sanctioned,
                                        event_running=measures.running(session, core, case,
                                                                       when),
                                        periods=core.config.periods))
        require(appeals.standing(
            {appellant_role}, set(session.scalars(select(Party.role).where(
                Party.case_id == case.id))), sanctioned=sanctioned,
            case_has_sanction=session.scalars(select(Sanction.id).where(
                Sanction.case_id == case.id)).first() is not None))
        route = appeals.route(decision.body, on_appeal=decision.on_appeal)
        session.add(Appeal(case_id=case.id, filed_at=when, appellant_role=appellant_role,
                           against=decision.body, heard_by=route.stored,
                           against_decline=case.status is CaseStatus.DECLINED))
        casework.move_status(session, core, person, case, CaseStatus.IN_APPEAL)
        casework.reshare(session, core, person, case, data_key, key)
        casework.log_action(session, core, person, "appeal-filed", case, route.stored)
        body_people = [p for p in people.holders(session, _body_roles(route.heard_by))]
        number = case.address
    casework.notify_people(core, body_people, number, "message")
    return route.stored


def _body_roles(body: DecisionBody | None) -> frozenset[Role]:
    if body is DecisionBody.APPEALS_COMMITTEE:
        return frozenset({Role.APPEALS_COMMITTEE})
    if body is DecisionBody.BOARD:
        return frozenset({Role.BOARD, Role.BOARD_BVR})
    return frozenset({Role.DIRECTOR, Role.BOARD_BVR})


def may_decide_appeal(actor: Actor, case: CaseFacts) -> Verdict:
    """R-16.2, R-11.4: a member of the body hearing the appeal, not involved, decides it."""
    involved = handling.may_take_part_in_deciding(actor, case)
    if not involved:
        return involved
    heard_by = case.appeal_heard_by
    if heard_by is DecisionBody.BOARD and actor.on_board:
        return involved
    if heard_by is DecisionBody.APPEALS_COMMITTEE and actor.has(Role.APPEALS_COMMITTEE):
        return involved
    return refuse("R-16.2", "web-appeal-not-your-body")


@dataclass(frozen=True)
class AppealSanction:
    """R-16.2: the sanction an upheld appeal puts in place of the one appealed against,
    decided in the name of the body that heard the appeal."""

    terms: SanctionTerms
    respondent: str  # the wiki user it concerns
    scope: str
    considerations: decisions.Considerations


def decide_appeal(core: Core, number: str, username: str, key: vault.UnlockedKey, *,
                  upheld: bool, reasoning: str, lift: bool = False,
                  replacement: AppealSanction | None = None) -> None:
    """R-16.2: the appeal body decides; the outcome is a decision again (to be announced), and
    the body gives up the file once it is done (R-15.2).

    An appeal that is upheld may lift the case's sanctions (`lift`) or change them
    (`replacement`: the old ones are lifted and the new one is recorded in the name of the
    body that heard the appeal). This is the only way a sanction changes while an appeal is
    pending: `decisions.impose_sanction` refuses then. A dismissed appeal changes nothing.
    The board decides as a body (R-2.1): an appeal it hears goes to its members' vote
    (`bvr.services.board`), and is refused here."""
    check_appeal_decision(upheld, lift=lift, replacement=replacement)
    with opened(core, number, username, key) as (session, person, case, data_key):
        if case.status is not CaseStatus.IN_APPEAL and measures.pending_appeal(session, case):
            # the appeal against a contact person's measure.
            if replacement is not None or lift:
                raise BvrError("web-appeal-measure-no-sanction")
            measures.decide_appeal(session, core, person, case, data_key, upheld=upheld,
                                   reasoning=casework.field_text(reasoning))
            return
        if case.status is not CaseStatus.IN_APPEAL:
            raise BvrError("web-appeal-none-pending")
        case_facts = casework.facts_of(session, core, case)
        require(may_decide_appeal(casework.actor_of(session, person), case_facts))
        check_replacement_considerations(session, replacement)
        if case_facts.appeal_heard_by is not None:
            require(board.may_decide_alone(case_facts.appeal_heard_by))
        apply_appeal_decision(session, core, person, case, data_key, key, upheld=upheld,
                              reasoning=reasoning, lift=lift, replacement=replacement)


def check_appeal_decision(upheld: bool, *, lift: bool,
                          replacement: AppealSanction | None) -> None:
    """What an appeal decision says is acceptable (R-16.2, R-11.5, R-11.1): checked before
    anything is written, by a single deciding member and by a board motion alike."""
    require(appeals.may_change_on_appeal(upheld,
                                         changes_sanction=lift or replacement is not None))
    if replacement is not None:
        require(sanctions.check_terms(replacement.terms))


def check_replacement_considerations(session: Session,
                                     replacement: AppealSanction | None) -> None:
    """R-11.5 on appeal as at first: a replacing sanction weighs every consideration, with
    the offender's roles from the register."""
    if replacement is not None:
        require(check_considerations(replacement.considerations,
                                     decisions.offender_roles(session, replacement.respondent)))


def apply_appeal_decision(session: Session, core: Core, person: Person, case: Case,
                          data_key: bytes, key: vault.UnlockedKey, *, upheld: bool,
                          reasoning: str, lift: bool = False,
                          replacement: AppealSanction | None = None) -> None:
    """Write the decision on the pending appeal, whose authority the caller checked: sanctions
    lifted or replaced, the decision in the file, the case's next status (R-16.2, R-9.1)."""
    appeal = session.scalars(select(Appeal).where(
        Appeal.case_id == case.id, Appeal.decided_at.is_(None))
        .order_by(Appeal.filed_at.desc())).one()
    lifted = 0
    if lift or replacement is not None:
        lifted = decisions.lift_sanctions(session, core, person, case)
    if replacement is not None:
        decisions.record_sanction(
            session, core, person, case, data_key, body=DecisionBody(appeal.heard_by),
            terms=replacement.terms, respondent=replacement.respondent,
            scope=replacement.scope, considerations=replacement.considerations,
            on_appeal=True)
    appeal.decided_at = core.now()
    casework.record_entry(session, core, person, case, data_key, EntryKind.DECISION, {
        "appeal": appeal.heard_by, "upheld": upheld, "reasoning": casework.field_text(reasoning),
        "sanctions_lifted": lifted, "sanction_replaced": replacement is not None})
    casework.log_action(session, core, person, "appeal-decided", case,
               "upheld" if upheld else "dismissed")
    casework.move_status(session, core, person, case, appeals.status_after_appeal(
        against_decline=appeal.against_decline, upheld=upheld))
    case.decision_announced_at = None  # the appeal decision is announced anew
    casework.reshare(session, core, person, case, data_key, key)


def close_case(core: Core, number: str, username: str, key: vault.UnlockedKey) -> None:
    """Close the file (R-15.4 starts counting) by whoever handles it (R-10.1): the board or the
    appeals committee, who open the file only for an appeal, do not close it. A decision (or
    decline) is announced and its appeal period over first, unless it is final (R-16.3): the
    status change checks that (`decisions.transition`), whichever path closes."""
    with opened(core, number, username, key) as (session, person, case, data_key):
        casework.require_handler(session, core, person, case)
        decisions.transition(session, core, person, case, CaseStatus.CLOSED)
        if _end_board_referral(session, core, person, case):
            casework.reshare(session, core, person, case, data_key, key)


def reopen(core: Core, number: str, username: str, key: vault.UnlockedKey, *,
           reason: str) -> None:
    """A closed case goes back into handling (never into an earlier step), with the reason."""
    with opened(core, number, username, key) as (session, person, case, data_key):
        if case.status is not CaseStatus.CLOSED:
            require(refuse("R-15.1", "web-reopen-not-closed"))
        casework.require_handler(session, core, person, case)
        casework.record_entry(session, core, person, case, data_key, EntryKind.NOTE,
                     {"reopened": True, "text": casework.field_text(reason)})
        casework.move_status(session, core, person, case, CaseStatus.IN_HANDLING)


def link_cases(core: Core, number: str, other: str, username: str,
               key: vault.UnlockedKey) -> None:
    """Link two files about the same matter; only someone who may open both can (R-15.2)."""
    try:
        other_number = str(parse(other, core.config.case_prefix))
    except InvalidCaseNumber:
        raise BvrError("web-case-not-available") from None
    with opened(core, number, username, key) as (session, person, case, _data_key):
        linked = session.scalars(select(Case).where(Case.number == other_number)).first()
        if linked is None or linked.destroyed_at is not None or linked.id == case.id:
            raise BvrError("web-case-not-available")
        verdict = access.may_open_case_file(casework.actor_of(session, person),
                                            facts.case_facts(session, core, linked),
                                            facts.officers(session))
        if not verdict:
            raise BvrError("web-case-not-available")
        first, second = sorted((case.id, linked.id))
        exists = session.scalars(select(CaseLink).where(CaseLink.case_id == first,
                                                        CaseLink.linked_case_id == second))
        if exists.first() is None:
            session.add(CaseLink(case_id=first, linked_case_id=second, linked_at=core.now(),
                                 linked_by_id=person.id))
        casework.log_action(session, core, person, "case-linked", case, f"case:{linked.id}")
