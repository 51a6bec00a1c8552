"""The case desk's operations on one case: each is one unit of work on an opened case file
(`casefiles.opened`: R-15.2 and the vault agreed), with its rule checked and an audit record.

- Triage (R-8.3, R-7.4): category, the contact person's four questions, confirmation of an
  anonymous report, taking into handling.
- Handling (R-10.1): the handler, investigators (delegation), conflict-of-interest
  declarations (which take the declarer's key away at once), informing the parties.
- Investigation: hearings with adviser (R-10.2), consultations (R-12), the investigation
  report as draft, review with the parties and final version with redaction (R-10.3).
- Outcome: a decision without sanction, announcing (R-11.6, R-16.3), two-person decline
  (R-9.1), appeals routed and timed (R-16), reopening, linking cases.
Sanctions go through `bvr.services.decisions.impose_sanction`; closing through `move_case`.

Status changes inside these units of work use `_move`, which follows `bvr.rules.status`
like `move_case` does; closing (which sets the retention date) stays with `move_case`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bvr import notify, vault
from bvr.casenumber import InvalidCaseNumber, parse
from bvr.domain import (
    CaseStatus,
    Category,
    Consultee,
    DecisionBody,
    EntryKind,
    PartyRole,
    Role,
)
from bvr.errors import BvrError
from bvr.rules import access, appeals, decline, handling, sanctions, status
from bvr.rules.deadlines import local_date
from bvr.rules.decline import DeclineStatus
from bvr.rules.facts import BOARD_ROLES, Actor, CaseFacts, Officers, SanctionTerms
from bvr.rules.verdict import Verdict, refuse, require
from bvr.services import casework_web, decisions, facts, people
from bvr.services.casefiles import opened
from bvr.services.content import seal, unseal
from bvr.services.core import Core
from bvr.storage import audit
from bvr.storage.models import (
    Appeal,
    Case,
    CaseEntry,
    CaseKey,
    ConflictDeclaration,
    Event,
    Investigator,
    Person,
    Sanction,
)
from bvr.storage.models_web import CaseLink, DeclineApproval

log = logging.getLogger(__name__)

#: R-10.1: what the parties are told about.
INFORM_TOPICS = ("process", "investigators", "timeline", "progress", "outcome")
#: R-8.3: whom the person triaging may tell at once.
TELL_NOW = {"staff": Role.STAFF, "director": Role.DIRECTOR, "board": Role.BOARD}
MAX_FIELD_CHARS = 50_000


@dataclass(frozen=True)
class Triage:
    """R-8.3: the four questions, answered at once, and the category."""

    category: Category
    violation: bool
    immediate_action: bool
    regular_way: bool
    tell: tuple[str, ...] = ()  # keys of TELL_NOW
    note: str = ""
    confirmed: bool = False  # an anonymous report was confirmed
    take_into_handling: bool = False


def _text(value: str, *, required: bool = True) -> str:
    if required and not value.strip():
        raise BvrError("web-field-required")
    if len(value) > MAX_FIELD_CHARS:
        raise BvrError("web-field-too-long", maximum=MAX_FIELD_CHARS)
    return value


def _log(session: Session, core: Core, person: Person, action: str, case: Case,
         detail: str = "") -> None:
    audit.append(session, at=core.now(), actor=f"person:{person.id}", action=action,
                 case_id=case.id, detail=detail)


def _entry(session: Session, core: Core, person: Person, case: Case, data_key: bytes,
           kind: EntryKind, content: dict[str, Any]) -> None:
    session.add(CaseEntry(case_id=case.id, kind=kind, created_at=core.now(),
                          author_id=person.id, ciphertext=seal(data_key, content)))
    _log(session, core, person, f"entry-added:{kind.value}", case)


def _move(session: Session, core: Core, person: Person, case: Case,
          target: CaseStatus) -> None:
    """A status change inside a unit of work (closing goes through `close_case`)."""
    if target is CaseStatus.CLOSED:
        raise BvrError("web-close-through-move-case")
    decisions.transition(session, core, person, case, target)


def _facts(session: Session, core: Core, case: Case) -> CaseFacts:
    session.flush()
    return facts.case_facts(session, core, case)


def _actor(session: Session, person: Person) -> Actor:
    return facts.actor(session, person)


def delegates(session: Session, case: Case) -> frozenset[int]:
    return frozenset(pid for pid in session.scalars(select(Investigator.person_id).where(
        Investigator.case_id == case.id)) if pid is not None)


def _require_handler(session: Session, core: Core, person: Person, case: Case) -> None:
    require(handling.may_handle(_actor(session, person), _facts(session, core, case),
                                facts.officers(session)))


def _require_investigator(session: Session, core: Core, person: Person, case: Case) -> None:
    require(handling.may_investigate(_actor(session, person), _facts(session, core, case),
                                     facts.officers(session), delegates(session, case)))


def reshare(session: Session, core: Core, actor: Person, case: Case, data_key: bytes) -> None:
    """Bring the case's wrapped keys in line with the rules now (R-15.2): wrap to whoever may
    open it and has none (the board during an appeal), and remove the keys of whoever may no
    longer (a declared conflict, an appeal decided)."""
    allowed = access.case_key_holders(_facts(session, core, case), facts.officers(session))
    for existing in session.scalars(select(CaseKey).where(CaseKey.case_id == case.id)):
        if existing.person_id not in allowed:
            session.delete(existing)
            _log(session, core, actor, "case-unshared", case, f"person:{existing.person_id}")
    holders = set(session.scalars(select(CaseKey.person_id).where(CaseKey.case_id == case.id)))
    for person in session.scalars(select(Person).where(
            Person.id.in_(allowed - holders), Person.public_key.is_not(None))):
        assert person.public_key is not None
        session.add(CaseKey(case_id=case.id, person_id=person.id,
                            wrapped_key=vault.wrap(data_key, person.public_key)))
        _log(session, core, actor, "case-shared", case, f"person:{person.id}")


def _notify(core: Core, people_: Iterable[Person], number: str, reason: str) -> None:
    """Tell people a case needs their attention (never what). Called after the unit of work
    committed: a mail failure is logged (without content) and does not undo the change."""
    notices = [notify.Notice(p.email, p.language, number, reason) for p in people_ if p.email]
    try:
        notify.send(core.config.mail, core.config.association, notices)
    except BvrError as error:
        log.error("notification for %s failed: %s", number, error.message.key)


# --- triage and handling --------------------------------------------------------------------

def triage(core: Core, number: str, username: str, key: vault.UnlockedKey,
           answers: Triage) -> None:
    """R-8.3: record the immediate assessment and the category; confirm an anonymous report
    (R-7.4); take the case into handling; tell whoever must know now."""
    unknown = set(answers.tell) - set(TELL_NOW)
    if unknown:
        raise BvrError("web-field-choice", field="tell")
    told: list[Person] = []
    with opened(core, number, username, key) as (session, person, case, data_key):
        _require_handler(session, core, person, case)
        case.category = answers.category
        _entry(session, core, person, case, data_key, EntryKind.NOTE, {
            "triage": {"violation": answers.violation,
                       "immediate_action": answers.immediate_action,
                       "regular_way": answers.regular_way, "tell": list(answers.tell),
                       "category": answers.category.value},
            "text": _text(answers.note, required=False)})
        if case.status is CaseStatus.AWAITING_CONFIRMATION and answers.confirmed:
            _move(session, core, person, case, CaseStatus.RECEIVED)
        if answers.take_into_handling and case.status is CaseStatus.RECEIVED:
            _move(session, core, person, case, CaseStatus.IN_HANDLING)
        elif answers.take_into_handling and case.status is not CaseStatus.IN_HANDLING:
            # Triage again on a case in handling (a new category) is fine; an unconfirmed
            # anonymous report cannot be taken into handling: the rule says why.
            require(status.may_transition(case.status, CaseStatus.IN_HANDLING))
        if answers.tell:
            told = [p for p in people.holders(session, frozenset(TELL_NOW[t] for t in answers.tell))
                    if p.id != person.id]
        _log(session, core, person, "triaged", case, answers.category.value)
        number = case.number
    _notify(core, told, number, "new-report")


def assign_handler(core: Core, number: str, username: str, key: vault.UnlockedKey,
                   handler: str) -> None:
    """R-10.1: the person who handles the case must be the one the rule makes responsible."""
    with opened(core, number, username, key) as (session, person, case, _data_key):
        chosen = people.get(session, handler)
        require(handling.may_handle(_actor(session, chosen), _facts(session, core, case),
                                    facts.officers(session)))
        case.handler_id = chosen.id
        _log(session, core, person, "handler-assigned", case, f"person:{chosen.id}")


def add_investigator(core: Core, number: str, username: str, key: vault.UnlockedKey, *,
                     investigator: str = "", external_name: str = "",
                     no_conflict_declared: bool = False) -> None:
    """R-10.1: delegate the investigation to a person with an account, or to an external party
    (named in the file only, encrypted), who declared no conflict of interest: a person on
    the desk (`declare_conflict`), an external party to the handler, who records it."""
    if bool(investigator) == bool(external_name.strip()):
        raise BvrError("web-investigator-one")
    with opened(core, number, username, key) as (session, person, case, data_key):
        case_facts = _facts(session, core, case)
        if investigator:
            chosen = people.get(session, investigator)
            require(handling.may_delegate_investigation(
                _actor(session, person), _actor(session, chosen), case_facts,
                facts.officers(session)))
            declared = session.scalars(select(ConflictDeclaration).where(
                ConflictDeclaration.case_id == case.id,
                ConflictDeclaration.person_id == chosen.id,
                ConflictDeclaration.has_conflict.is_(False))).first()
            if declared is None:
                require(refuse("R-10.1", "web-investigator-declaration-needed"))
            session.add(Investigator(case_id=case.id, person_id=chosen.id,
                                     assigned_at=core.now(), assigned_by_id=person.id))
            _log(session, core, person, "investigator-added", case, f"person:{chosen.id}")
            return
        _require_handler(session, core, person, case)
        if not no_conflict_declared:
            # nobody closely related to a party investigates; the external party
            # declares it, the handler records the declaration.
            require(refuse("R-10.1", "web-investigator-declaration-needed"))
        session.add(Investigator(case_id=case.id, person_id=None, assigned_at=core.now(),
                                 assigned_by_id=person.id,
                                 external_ciphertext=seal(data_key, {
                                     "name": _text(external_name),
                                     "no_conflict_declared": True})))
        _log(session, core, person, "investigator-added", case, "external")


def declare_conflict(core: Core, number: str, username: str, has_conflict: bool) -> None:
    """R-10.1, R-11.4: a person declares (no) conflict of interest or close relationship with
    a party. Needs no key: someone who cannot open the file can still step aside, and a conflict
    takes their wrapped key, any decline approval and the handler role away at once.

    A well-formed number of a case that does not exist gets the same answer as one that does
    (nothing is recorded): any officer may declare, so the answer must not tell which case
    numbers exist. A malformed number is refused, which tells nothing."""
    canonical = str(parse(number, core.config.case_prefix))
    with core.database.transaction() as session:
        person = people.get(session, username)
        if not people.current_roles(session, person.id):
            raise BvrError("web-not-an-officer")
        case = session.scalars(select(Case).where(Case.number == canonical)).first()
        if case is None or case.destroyed_at is not None:
            audit.append(session, at=core.now(), actor=f"person:{person.id}",
                         action="conflict-declared-unknown-case")
            return
        row = session.scalars(select(ConflictDeclaration).where(
            ConflictDeclaration.case_id == case.id,
            ConflictDeclaration.person_id == person.id)).first()
        if row is None:
            row = ConflictDeclaration(case_id=case.id, person_id=person.id,
                                      has_conflict=has_conflict, declared_at=core.now())
            session.add(row)
        else:
            row.has_conflict = has_conflict
            row.declared_at = core.now()
        if has_conflict:
            for held in session.scalars(select(CaseKey).where(
                    CaseKey.case_id == case.id, CaseKey.person_id == person.id)):
                session.delete(held)
            for approval in session.scalars(select(DeclineApproval).where(
                    DeclineApproval.case_id == case.id, DeclineApproval.person_id == person.id)):
                session.delete(approval)
            if case.handler_id == person.id:
                case.handler_id = None
        _log(session, core, person, "conflict-declared" if has_conflict else "no-conflict-declared",
             case)


def inform_party(core: Core, number: str, username: str, key: vault.UnlockedKey, *,
                 party_role: PartyRole, topics: tuple[str, ...], text: str) -> None:
    """R-10.1: tell a party about the process, the investigators, the timeline or progress.
    A web reporter is told through their channel."""
    if not topics or set(topics) - set(INFORM_TOPICS):
        raise BvrError("web-field-choice", field="topics")
    with opened(core, number, username, key) as (session, person, case, data_key):
        _require_investigator(session, core, person, case)
        _entry(session, core, person, case, data_key, EntryKind.CORRESPONDENCE, {
            "to": party_role.value, "topics": list(topics), "text": _text(text)})
        if party_role is PartyRole.REPORTER:
            case.reporter_informed = True
            if casework_web.receipt_of(session, case) is not None:
                casework_web.write_to_reporter(session, core, person, case, data_key, text,
                                               "info")


def message_reporter(core: Core, number: str, username: str, key: vault.UnlockedKey, *,
                     text: str, kind: str) -> None:
    """Ask the web reporter a question, or give them the outcome they may learn (R-13)."""
    with opened(core, number, username, key) as (session, person, case, data_key):
        _require_investigator(session, core, person, case)
        casework_web.write_to_reporter(session, core, person, case, data_key, text, kind)


# --- investigation --------------------------------------------------------------------------

def record_hearing(core: Core, number: str, username: str, key: vault.UnlockedKey, *,
                   party_role: PartyRole, heard_on: date, adviser_present: bool,
                   adviser: str, notes: str) -> None:
    """R-10.2: every directly involved person is heard, and may bring an adviser."""
    if adviser_present and not adviser.strip():
        raise BvrError("web-hearing-adviser-name")
    with opened(core, number, username, key) as (session, person, case, data_key):
        _require_investigator(session, core, person, case)
        _entry(session, core, person, case, data_key, EntryKind.HEARING, {
            "party_role": party_role.value, "heard_on": heard_on.isoformat(),
            "adviser_present": adviser_present, "adviser": adviser if adviser_present else "",
            "notes": _text(notes)})


def record_consultation(core: Core, number: str, username: str, key: vault.UnlockedKey, *,
                        consultee: Consultee, summary: str) -> None:
    """R-12: a consultation with WMF Trust & Safety, Legal, an ArbCom, the U4C, ..."""
    with opened(core, number, username, key) as (session, person, case, data_key):
        _require_investigator(session, core, person, case)
        _entry(session, core, person, case, data_key, EntryKind.CONSULTATION, {
            "consultee": consultee.value, "summary": _text(summary)})


def _report_stages(session: Session, case: Case, data_key: bytes) -> list[dict[str, Any]]:
    stages = []
    for entry in session.scalars(select(CaseEntry).where(
            CaseEntry.case_id == case.id,
            CaseEntry.kind == EntryKind.INVESTIGATION_REPORT).order_by(CaseEntry.id)):
        stages.append(unseal(data_key, entry.ciphertext))
    return stages


def draft_report(core: Core, number: str, username: str, key: vault.UnlockedKey, *,
                 findings: str, redacted: str) -> None:
    """R-10.3: the investigation report in its fixed format: the full findings, and the
    redacted version the parties will see (privacy protected, R-13.2)."""
    with opened(core, number, username, key) as (session, person, case, data_key):
        _require_investigator(session, core, person, case)
        if case.status is not CaseStatus.IN_HANDLING:
            raise BvrError("web-report-needs-handling")
        if case.investigation_report_at is not None:
            raise BvrError("web-report-final-already")
        _entry(session, core, person, case, data_key, EntryKind.INVESTIGATION_REPORT, {
            "stage": "draft", "findings": _text(findings), "redacted": _text(redacted)})


def review_draft(core: Core, number: str, username: str, key: vault.UnlockedKey, *,
                 party_role: PartyRole, comments: str) -> None:
    """R-10.3: the draft was discussed with a party; their comments are recorded."""
    with opened(core, number, username, key) as (session, person, case, data_key):
        _require_investigator(session, core, person, case)
        stages = _report_stages(session, case, data_key)
        if not stages or stages[-1]["stage"] not in {"draft", "review"}:
            raise BvrError("web-report-no-draft")
        _entry(session, core, person, case, data_key, EntryKind.INVESTIGATION_REPORT, {
            "stage": "review", "party_role": party_role.value,
            "comments": _text(comments, required=False)})


def finalise_report(core: Core, number: str, username: str, key: vault.UnlockedKey) -> None:
    """R-10.3: the latest draft, discussed with the parties, becomes the final report; it goes
    to whoever may impose the sanction (they are told), and R-11.6 starts counting."""
    with opened(core, number, username, key) as (session, person, case, data_key):
        _require_investigator(session, core, person, case)
        if case.investigation_report_at is not None:
            raise BvrError("web-report-final-already")
        stages = _report_stages(session, case, data_key)
        drafts = [i for i, s in enumerate(stages) if s["stage"] == "draft"]
        if not drafts:
            raise BvrError("web-report-no-draft")
        if not any(s["stage"] == "review" for s in stages[drafts[-1]:]):
            require(refuse("R-10.3", "web-report-not-reviewed"))
        case.investigation_report_at = core.now()
        _entry(session, core, person, case, data_key, EntryKind.INVESTIGATION_REPORT, {
            "stage": "final", "draft_index": drafts[-1]})
        deciders = [p for p in session.scalars(select(Person).join(
            CaseKey, CaseKey.person_id == Person.id).where(CaseKey.case_id == case.id))
            if p.id != person.id]
        number = case.number
    _notify(core, deciders, number, "message")


# --- outcome --------------------------------------------------------------------------------

def decide_without_sanction(core: Core, number: str, username: str, key: vault.UnlockedKey, *,
                            reasoning: str) -> None:
    """A decision that imposes nothing (no violation found), by whoever may decide (R-11.4)."""
    with opened(core, number, username, key) as (session, person, case, data_key):
        _require_handler(session, core, person, case)
        require(handling.may_take_part_in_deciding(_actor(session, person),
                                                   _facts(session, core, case)))
        _entry(session, core, person, case, data_key, EntryKind.DECISION, {
            "sanction": None, "reasoning": _text(reasoning)})
        _move(session, core, person, case, CaseStatus.DECIDED)


def announce_decision(core: Core, number: str, username: str, key: vault.UnlockedKey) -> None:
    """The decision was communicated to the parties: R-11.6 is met, R-16.3 starts counting."""
    with opened(core, number, username, key) as (session, person, case, _data_key):
        if case.status is not CaseStatus.DECIDED:
            raise BvrError("web-announce-needs-decision")
        require(handling.may_take_part_in_deciding(_actor(session, person),
                                                   _facts(session, core, case)))
        now = core.now()
        case.decision_announced_at = now
        for sanction in session.scalars(select(Sanction).where(
                Sanction.case_id == case.id, Sanction.announced_at.is_(None))):
            sanction.announced_at = now
        _log(session, core, person, "decision-announced", case)


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
        case_facts = _facts(session, core, case)
        officers = facts.officers(session)
        require(decline.may_propose_decline(_actor(session, person), case_facts, officers))
        exists = session.scalars(select(DeclineApproval).where(
            DeclineApproval.case_id == case.id,
            DeclineApproval.person_id == person.id)).first()
        new = exists is None
        if new:
            session.add(DeclineApproval(case_id=case.id, person_id=person.id,
                                        approved_at=core.now(), at_event=False))
            _entry(session, core, person, case, data_key, EntryKind.NOTE,
                   {"decline_approval": True, "text": _text(reason)})
            _log(session, core, person, "decline-approved", case,
                 decline.decline_body(case_facts, officers).value)
        result = decline_state(session, core, case)
        waiting: list[Person] = []
        reason_key = "message"
        if result.verdict:
            _move(session, core, person, case, CaseStatus.DECLINED)
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
                           _actor(session, p), case_facts, officers)]
            reason_key = "message"
        number = case.number
    _notify(core, waiting, number, reason_key)
    return result


# --- the board's decision to decline, without the file (R-9.1, R-15.2) ----------------------

#: Statuses in which a proposed decline waits for its deciders (R-9.1; `bvr.rules.status`).
DECLINABLE = frozenset({CaseStatus.RECEIVED, CaseStatus.IN_HANDLING})


@dataclass(frozen=True)
class BoardDecline:
    """A proposal to decline a report, as the board sees it: the case number, when it was
    proposed and how far the board's decision is; never anything of the case itself."""

    number: str
    proposed_at: datetime
    agreed: int  # board members whose agreement counts
    still_needed: int  # how many more must agree (R-9.1: two uninvolved board members)
    mine: bool  # this board member agreed already
    conflict: bool  # this board member declared a conflict: they take no part


def _board_deciders(session: Session, case: Case, case_facts: CaseFacts,
                    officers: Officers) -> list[Person]:
    """Board members whose agreement would count and who have not given it yet."""
    agreed = set(session.scalars(select(DeclineApproval.person_id).where(
        DeclineApproval.case_id == case.id)))
    return [p for p in people.holders(session, BOARD_ROLES)
            if p.id not in agreed and decline.may_approve_decline(
                _actor(session, p), case_facts, officers)]


def _require_board_member(session: Session, person: Person) -> Actor:
    actor = _actor(session, person)
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
        found: list[BoardDecline] = []
        candidates = session.scalars(select(Case).where(
            Case.status.in_(DECLINABLE), Case.destroyed_at.is_(None),
            Case.id.in_(select(DeclineApproval.case_id).where(
                DeclineApproval.at_event.is_(False)))).order_by(Case.id))
        for case in candidates:
            known = _awaiting_board(session, core, case, person)
            if known is None:
                continue
            case_facts = known[1]
            if decline.decline_body(case_facts, officers) is not DecisionBody.BOARD:
                continue
            rows = list(session.scalars(select(DeclineApproval).where(
                DeclineApproval.case_id == case.id).order_by(DeclineApproval.approved_at)))
            counted = {r.person_id for r in rows if decline.may_approve_decline(
                _actor(session, session.get_one(Person, r.person_id)), case_facts, officers)}
            found.append(BoardDecline(
                number=case.number, proposed_at=rows[0].approved_at, agreed=len(counted),
                still_needed=max(0, decline.BOARD_APPROVALS - len(counted)),
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
            _log(session, core, person, "decline-approved", case,
                 f"{DecisionBody.BOARD.value}:without-file")
        result = decline_state(session, core, case)
        if result.verdict:
            _move(session, core, person, case, CaseStatus.DECLINED)
            # Whoever holds the file hears that the decision was taken (and closes the case).
            told = [p for p in session.scalars(select(Person).join(
                CaseKey, CaseKey.person_id == Person.id).where(CaseKey.case_id == case.id))
                if p.id != person.id]
        number = case.number
    _notify(core, told, number, "decision-recorded")
    return result


def decline_state(session: Session, core: Core, case: Case, *,
                  at_event: bool = False) -> DeclineStatus:
    approvers = [facts.actor(session, session.get_one(Person, pid)) for pid in session.scalars(
        select(DeclineApproval.person_id).where(DeclineApproval.case_id == case.id))]
    return decline.decline_status(approvers, _facts(session, core, case),
                                  facts.officers(session), at_event=at_event)


def _decision(session: Session, case: Case) -> appeals.Decision:
    """The decision an appeal would be against: the latest sanction's body, else the
    director's side; an appeal already decided makes it a decision on appeal (R-16.2)."""
    body = session.scalars(select(Sanction.decided_by).where(Sanction.case_id == case.id)
                           .order_by(Sanction.decided_at.desc())).first()
    decided = session.scalars(select(Appeal).where(
        Appeal.case_id == case.id, Appeal.decided_at.is_not(None))
        .order_by(Appeal.decided_at.desc())).first()
    if decided is not None and decided.heard_by in set(DecisionBody):
        return appeals.Decision(DecisionBody(decided.heard_by), case.decision_announced_at,
                                on_appeal=True)
    return appeals.Decision(body or DecisionBody.DIRECTOR_OR_BOARD_BVR,
                            case.decision_announced_at, at_event=case.during_event)


def file_appeal(core: Core, number: str, username: str, key: vault.UnlockedKey, *,
                appellant_role: PartyRole, filed_at: datetime | None = None,
                sanctioned: bool = False, event_running: bool | None = None) -> str:
    """R-16.1 to R-16.4: record an appeal (filed at `filed_at`, e.g. when the reporter sent it
    through their channel), route it (R-16.2) and share the file with the body hearing it
    (R-15.2). Whether the case's event is still running (R-16.4) is read from the register of
    events unless given. Returns the body that hears it."""
    with opened(core, number, username, key) as (session, person, case, data_key):
        when = filed_at or core.now()
        decision = _decision(session, case)
        if event_running is None:
            event_running = _event_running(session, core, case, when)
        require(appeals.may_file_appeal({appellant_role}, decision, case.status, when,
                                        core.config.zone, sanctioned=sanctioned,
                                        event_running=event_running,
                                        periods=core.config.periods))
        route = appeals.route(decision.body, on_appeal=decision.on_appeal)
        session.add(Appeal(case_id=case.id, filed_at=when, appellant_role=appellant_role,
                           against=decision.body, heard_by=route.stored))
        _move(session, core, person, case, CaseStatus.IN_APPEAL)
        reshare(session, core, person, case, data_key)
        _log(session, core, person, "appeal-filed", case, route.stored)
        body_people = [p for p in people.holders(session, _body_roles(route.heard_by))]
        number = case.number
    _notify(core, body_people, number, "message")
    return route.stored


def _event_running(session: Session, core: Core, case: Case, when: datetime) -> bool:
    """R-16.4: whether the event the case arose at is still going on at `when`."""
    if not case.during_event or case.event_id is None:
        return False
    event = session.get(Event, case.event_id)
    day = local_date(when, core.config.zone)
    return event is not None and event.starts_on <= day <= event.ends_on


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
    pending: `decisions.impose_sanction` refuses then. A dismissed appeal changes nothing."""
    require(appeals.may_change_on_appeal(upheld,
                                         changes_sanction=lift or replacement is not None))
    if replacement is not None and not replacement.considerations.nature_and_severity.strip():
        raise BvrError("core-sanction-considerations-needed")
    with opened(core, number, username, key) as (session, person, case, data_key):
        if case.status is not CaseStatus.IN_APPEAL:
            raise BvrError("web-appeal-none-pending")
        require(may_decide_appeal(_actor(session, person), _facts(session, core, case)))
        if replacement is not None:
            require(sanctions.check_terms(replacement.terms))
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
        _entry(session, core, person, case, data_key, EntryKind.DECISION, {
            "appeal": appeal.heard_by, "upheld": upheld, "reasoning": _text(reasoning),
            "sanctions_lifted": lifted, "sanction_replaced": replacement is not None})
        _log(session, core, person, "appeal-decided", case,
             "upheld" if upheld else "dismissed")
        _move(session, core, person, case, CaseStatus.DECIDED)
        case.decision_announced_at = None  # the appeal decision is announced anew
        reshare(session, core, person, case, data_key)


def close_case(core: Core, number: str, username: str, key: vault.UnlockedKey) -> None:
    """Close the file (R-15.4 starts counting) by whoever handles it (R-10.1): the board or the
    appeals committee, who open the file only for an appeal, do not close it."""
    with opened(core, number, username, key) as (session, person, case, _data_key):
        _require_handler(session, core, person, case)
    decisions.move_case(core, number, username, key, CaseStatus.CLOSED)


def reopen(core: Core, number: str, username: str, key: vault.UnlockedKey, *,
           reason: str) -> None:
    """A closed case goes back into handling (never into an earlier step), with the reason."""
    with opened(core, number, username, key) as (session, person, case, data_key):
        if case.status is not CaseStatus.CLOSED:
            require(refuse("R-15.1", "web-reopen-not-closed"))
        _require_handler(session, core, person, case)
        _entry(session, core, person, case, data_key, EntryKind.NOTE,
               {"reopened": True, "text": _text(reason)})
        _move(session, core, person, case, CaseStatus.IN_HANDLING)


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
        verdict = access.may_open_case_file(_actor(session, person),
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
        _log(session, core, person, "case-linked", case, f"case:{linked.id}")
