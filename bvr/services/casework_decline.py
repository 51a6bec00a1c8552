"""Declining an evidently unfounded or bad-faith report (R-9.1): the director and the board
member BVR agree, two different uninvolved people; where either is involved the board decides,
its quorum of uninvolved board members (R-2.1) recording its decision on the case number
alone, because the board may not open the file (R-15.2)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bvr import vault
from bvr.casenumber import InvalidCaseNumber, parse
from bvr.domain import INVESTIGATING_STATUSES, CaseStatus, DecisionBody, EntryKind
from bvr.errors import BvrError
from bvr.rules import access, decline, status
from bvr.rules.decline import DeclineStatus
from bvr.rules.facts import BOARD_ROLES, Actor, CaseFacts, Officers
from bvr.rules.verdict import require
from bvr.services import casework, facts, people
from bvr.services.casefiles import opened
from bvr.services.core import Core
from bvr.storage import audit
from bvr.storage.models import Case, CaseKey, Person
from bvr.storage.models_web import DeclineApproval


def approve_decline(core: Core, number: str, username: str, key: vault.UnlockedKey, *,
                    reason: str) -> DeclineStatus:
    """R-9.1: one person's agreement to decline an evidently unfounded or bad-faith report. The
    report is declined once the rule's two people (or two board members) agreed.

    Where the board decides (the director or the board member BVR is involved), the board does
    not open the file (R-15.2): the uninvolved person handling the case proposes the decline
    here, with the reasoning in the file, and the board members are asked to record the
    board's decision on the case number alone (`board_approve_decline`)."""
    with opened(core, number, username, key) as (session, person, case, data_key):
        require(status.may_transition(case.status, CaseStatus.DECLINED))
        case_facts = casework.facts_of(session, core, case)
        officers = facts.officers(session)
        require(decline.may_propose_decline(casework.actor_of(session, person), case_facts,
                                            officers))
        exists = session.scalars(select(DeclineApproval).where(
            DeclineApproval.case_id == case.id,
            DeclineApproval.person_id == person.id)).first()
        new = exists is None
        if new:
            session.add(DeclineApproval(case_id=case.id, person_id=person.id,
                                        approved_at=core.now(), at_event=False))
            casework.record_entry(session, core, person, case, data_key, EntryKind.NOTE,
                         {"decline_approval": True, "text": casework.field_text(reason)})
            casework.log_action(session, core, person, "decline-approved", case,
                       decline.decline_body(case_facts, officers).value)
        result = decline_state(session, core, case)
        waiting: list[Person] = []
        reason_key = "message"
        if result.verdict:
            casework.move_status(session, core, person, case, CaseStatus.DECLINED)
        elif not new:
            pass  # agreed before: whoever is still needed was told then
        elif result.body is DecisionBody.BOARD:
            # The board members decide without the file: they are asked on their own page.
            waiting = _board_deciders(session, case, case_facts, officers)
            reason_key = "decline-board"
        else:
            # The people whose agreement is still needed hear that the case needs them.
            waiting = [p for p in people.holders(session, frozenset(result.still_needed))
                       if p.id != person.id and access.may_open_case_file(
                           casework.actor_of(session, p), case_facts, officers)]
            reason_key = "message"
        number = case.address
    casework.notify_people(core, waiting, number, reason_key)
    return result


# --- the board's decision to decline, without the file (R-9.1, R-15.2) ----------------------

#: Statuses in which a proposed decline waits for its deciders (R-9.1; `bvr.rules.status`).
DECLINABLE = INVESTIGATING_STATUSES


@dataclass(frozen=True)
class BoardDecline:
    """A proposal to decline a report, as the board sees it: the case number, when it was
    proposed and how far the board's decision is; never anything of the case itself."""

    number: str
    proposed_at: datetime
    agreed: int  # board members whose agreement counts
    still_needed: int  # how many more must agree (R-9.1, R-2.1: the board's quorum)
    mine: bool  # this board member agreed already
    conflict: bool  # this board member declared a conflict: they take no part


def _board_deciders(session: Session, case: Case, case_facts: CaseFacts,
                    officers: Officers) -> list[Person]:
    """Board members whose agreement would count and who have not given it yet."""
    agreed = set(session.scalars(select(DeclineApproval.person_id).where(
        DeclineApproval.case_id == case.id)))
    return [p for p in people.holders(session, BOARD_ROLES)
            if p.id not in agreed and decline.may_approve_decline(
                casework.actor_of(session, p), case_facts, officers)]


def _require_board_member(session: Session, person: Person) -> Actor:
    actor = casework.actor_of(session, person)
    require(decline.may_record_board_decision(actor))
    return actor


def _awaiting_board(session: Session, core: Core, case: Case | None,
                    person: Person) -> tuple[Case, CaseFacts] | None:
    """The case and its facts if a decline was proposed on it and the board decides it, as
    this person may learn it; None otherwise. A party in the case learns nothing here, not even
    that it exists (R-7.3, R-13.1)."""
    if case is None or case.destroyed_at is not None:
        return None
    proposed = session.scalars(select(DeclineApproval.id).where(
        DeclineApproval.case_id == case.id, DeclineApproval.at_event.is_(False))).first()
    if proposed is None:
        return None
    case_facts = facts.case_facts(session, core, case)
    if case_facts.is_party(person.id):
        return None
    return case, case_facts


def board_declines(core: Core, username: str) -> list[BoardDecline]:
    """R-9.1, R-15.2: the proposals to decline a report on which the board decides, for a board
    member, who sees case numbers and the state of the board's decision only. Cases in which
    they are a party are not shown."""
    with core.database.transaction() as session:
        person = people.get(session, username)
        _require_board_member(session, person)
        officers = facts.officers(session)
        # In bulk, a constant number of queries however many proposals wait (issue 13).
        candidates = session.execute(select(Case.id, Case.number, Case.reference,
                                            Case.during_event, Case.category).where(
            Case.status.in_(DECLINABLE), Case.destroyed_at.is_(None),
            Case.id.in_(select(DeclineApproval.case_id).where(
                DeclineApproval.at_event.is_(False)))).order_by(Case.id)).all()
        known = facts.many_case_facts(session, core, ((c.id, c.during_event, c.category)
                                                      for c in candidates))
        approvals: dict[int, list[DeclineApproval]] = {}
        for row in session.scalars(select(DeclineApproval).where(
                DeclineApproval.case_id.in_([c.id for c in candidates]))
                .order_by(DeclineApproval.approved_at)):
            approvals.setdefault(row.case_id, []).append(row)
        actors = {a.person_id: a for a in officers.actors}
        found: list[BoardDecline] = []
        for case in candidates:
            case_facts = known[case.id]
            if case_facts.is_party(person.id):  # as `_awaiting_board`: a party learns nothing
                continue
            if decline.decline_body(case_facts, officers) is not DecisionBody.BOARD:
                continue
            rows = approvals[case.id]
            counted = {r.person_id for r in rows if decline.may_approve_decline(
                actors.get(r.person_id, Actor(r.person_id)), case_facts, officers)}
            found.append(BoardDecline(
                number=case.number or case.reference or "",  # as Case.address
                proposed_at=rows[0].approved_at, agreed=len(counted),
                still_needed=max(0, decline.board_needed(
                    case_facts, officers, core.config.board_quorum) - len(counted)),
                mine=person.id in counted, conflict=person.id in case_facts.conflicts))
        audit.append(session, at=core.now(), actor=f"person:{person.id}",
                     action="decline-proposals-read", detail=str(len(found)))
        return found


def board_approve_decline(core: Core, number: str, username: str) -> DeclineStatus:
    """R-9.1: a board member records their agreement with the board's decision to decline a
    proposed report, without opening the file (R-15.2; like `declare_conflict`, it needs no
    key). Refused with the rule's reason if they are involved or the board does not decide this
    one. A number without a proposal the board could decide (or of a case in which they are a
    party) gets one answer, whether or not the case exists."""
    try:
        canonical = str(parse(number, core.config.case_prefix))
    except InvalidCaseNumber:
        raise BvrError("web-board-decline-not-available") from None
    told: list[Person] = []
    with core.database.transaction() as session:
        person = people.get(session, username)
        actor = _require_board_member(session, person)
        known = _awaiting_board(session, core, session.scalars(
            select(Case).where(Case.number == canonical)).first(), person)
        if known is None:
            raise BvrError("web-board-decline-not-available")
        case, case_facts = known
        officers = facts.officers(session)
        require(status.may_transition(case.status, CaseStatus.DECLINED))
        require(decline.may_approve_decline(actor, case_facts, officers))
        exists = session.scalars(select(DeclineApproval).where(
            DeclineApproval.case_id == case.id,
            DeclineApproval.person_id == person.id)).first()
        if exists is None:
            session.add(DeclineApproval(case_id=case.id, person_id=person.id,
                                        approved_at=core.now(), at_event=False))
            casework.log_action(session, core, person, "decline-approved", case,
                       f"{DecisionBody.BOARD.value}:without-file")
        result = decline_state(session, core, case)
        if result.verdict:
            casework.move_status(session, core, person, case, CaseStatus.DECLINED)
            # Whoever holds the file hears that the decision was taken (and closes the case).
            told = [p for p in session.scalars(select(Person).join(
                CaseKey, CaseKey.person_id == Person.id).where(CaseKey.case_id == case.id))
                if p.id != person.id]
        number = case.address
    casework.notify_people(core, told, number, "decision-recorded")
    return result


def decline_state(session: Session, core: Core, case: Case, *,
                  at_event: bool = False) -> DeclineStatus:
    approvers = [facts.actor(session, session.get_one(Person, pid)) for pid in session.scalars(
        select(DeclineApproval.person_id).where(DeclineApproval.case_id == case.id))]
    return decline.decline_status(approvers, casework.facts_of(session, core, case),
                                  facts.officers(session), at_event=at_event,
                                  board_quorum=core.config.board_quorum)
