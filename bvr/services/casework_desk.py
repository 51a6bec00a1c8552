"""What the case desk shows: the person's cases, one case in full, the deadlines, the audit
log, and reports entered on someone's behalf. Reads go through the same rules as writes and
are audit-logged; lists show only cases the person may open (R-15.2), so a list never tells
anyone that a file they may not open exists.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import ColumnElement, and_, false, func, or_, select
from sqlalchemy.orm import Session

from bvr import vault
from bvr.casenumber import InvalidCaseNumber
from bvr.domain import (
    INVESTIGATING_STATUSES,
    OPEN_STATUSES,
    CaseStatus,
    Category,
    Channel,
    DecisionBody,
    Disclosure,
    EntryKind,
    PartyRole,
    Role,
    SanctionType,
)
from bvr.errors import BvrError
from bvr.rules import (
    access,
    anonymous,
    appeals,
    deadlines,
    handling,
    investigation,
    sanctions,
    status,
)
from bvr.rules.disclosure import DISCLOSURE, Relation
from bvr.rules.facts import Actor, CaseFacts, Officers
from bvr.rules.verdict import refuse, require
from bvr.services import (
    auditlog,
    board,
    casework,
    casework_decline,
    casework_outcome,
    casework_web,
    facts,
    investigation_steps,
    keyring,
    measures,
    next_steps,
    paging,
    people,
)
from bvr.services.casefiles import find as find_case
from bvr.services.casefiles import opened
from bvr.services.content import unseal
from bvr.services.core import Core
from bvr.services.paging import Page
from bvr.services.reports import PartyInput, ReportInput, file_report
from bvr.storage import audit
from bvr.storage.models import (
    Appeal,
    Case,
    CaseEntry,
    ConflictDeclaration,
    Event,
    Investigator,
    Party,
    Person,
    Sanction,
)
from bvr.storage.models_web import CaseLink, DeclineApproval

#: Who sees the case list and the deadlines: those who may be handed case files at all (R-15.2;
#: the confidant when an investigation is delegated to them, R-10.1).
CASE_ROLES = access.FILE_ROLES
#: R-14.3: the board member BVR reads the audit log (`bvr.services.auditlog`).
AUDIT_ROLES = auditlog.AUDIT_ROLES


@dataclass(frozen=True)
class CaseSummary:
    number: str
    status: CaseStatus
    category: Category | None
    channel: Channel
    received_at: datetime
    anonymous: bool
    emergency: bool
    during_event: bool


@dataclass(frozen=True)
class Deadline:
    number: str
    rule: str  # "R-10.3", "R-11.6", "R-16.3", "R-7.4", "emergency", "appeal-decision"
    due: datetime
    state: deadlines.DeadlineStatus


@dataclass(frozen=True)
class Entry:
    kind: EntryKind
    created_at: datetime
    author: str
    content: dict[str, Any]


@dataclass(frozen=True)
class CasePage:
    summary: CaseSummary
    incident_on: date | None
    taken_into_handling_at: datetime | None
    investigation_report_at: datetime | None
    decision_announced_at: datetime | None
    closed_at: datetime | None
    handler: str
    reporter_informed: bool
    entries: tuple[Entry, ...]
    parties: tuple[dict[str, str], ...]
    investigators: tuple[str, ...]
    conflicts: tuple[tuple[str, bool], ...]
    appeals: tuple[dict[str, Any], ...]
    sanctions: tuple[dict[str, Any], ...]
    links: tuple[str, ...]
    decline_approvals: tuple[str, ...]
    decline_still_needed: tuple[Role, ...]
    next_statuses: tuple[CaseStatus, ...]
    deadlines: tuple[Deadline, ...]
    web_channel: bool
    reporter_disclosure: Disclosure | None
    appeal_requests: tuple[datetime, ...]
    disclosure: tuple[tuple[Relation, Disclosure], ...]
    may_handle: bool
    may_investigate: bool
    candidates: tuple[str, ...] = field(default_factory=tuple)  # people for handler/delegation
    pending_wraps: int = 0  # keys of this case's records waiting for a key holder to unlock
    # decisions before the board's vote, with their tally and this person's vote.
    board_motions: tuple[board.MotionView, ...] = ()
    # R-8.4: the contact persons' measures on the spot, confirmed or not (R-11.3 note 3).
    measures: tuple[measures.MeasureView, ...] = ()
    # where each directly involved party stands, and what is still missing
    # before the final report.
    party_steps: tuple[PartySteps, ...] = field(default_factory=tuple)
    missing_steps: tuple[investigation.MissingStep, ...] = field(default_factory=tuple)
    # The case page's top (issue 13): the steps this person may take now, in order, and the
    # sanction choices they have; the people each person-picking form may offer.
    steps: tuple[next_steps.Step, ...] = ()
    tools: tuple[next_steps.Step, ...] = ()
    sanction_choices: tuple[tuple[DecisionBody, tuple[SanctionType, ...]], ...] = ()
    sanction_types: tuple[SanctionType, ...] = ()  # the types of any of those choices
    handler_candidates: tuple[str, ...] = ()
    investigator_candidates: tuple[str, ...] = ()
    event: str = ""  # the event the case arose at, by name
    responsible: Role | None = None  # who handles it while no person is assigned
    sanctions_in_effect: int = 0  # counted once: one replaced on appeal is not counted


@dataclass(frozen=True)
class PartySteps:
    """One directly involved party on the desk's steps panel (R-10.1 to R-10.3)."""

    party_id: int
    role: PartyRole
    name: str
    informed: tuple[investigation.Step, ...]  # which of the three things they were told
    hearing: investigation.Outcome | None
    draft: investigation.Outcome | None


def roles_of(core: Core, username: str) -> frozenset[Role]:
    with core.database.transaction() as session:
        return people.current_roles(session, people.get(session, username).id)


def _summary(case: Case) -> CaseSummary:
    return CaseSummary(case.address, case.status, case.category, case.channel, case.received_at,
                       case.anonymous, case.emergency, case.during_event)


PAGE_SIZES, PAGE_SIZE = paging.PAGE_SIZES, paging.PAGE_SIZE


def _openable(session: Session, core: Core, person: Person) -> ColumnElement[bool]:
    """Which cases this person may open now, as a condition on `case_file`, so the database
    counts and pages them. The rule is asked about each case with rare facts (an officer
    among the parties, a conflict, an appeal, a delegation, a referral: few) and once about
    every pair of event flag and category, which is all that tells the other cases apart:
    a constant number of queries and rule calls, whatever the number of cases."""
    actor = facts.actor(session, person)
    officers = facts.officers(session)
    rare = facts.rare_facts(session, core)
    rare_ids = rare.case_ids
    opened_rare = [case_id for case_id, during_event, category in session.execute(
        select(Case.id, Case.during_event, Case.category).where(Case.id.in_(rare_ids)))
        if access.may_open_case_file(actor, rare.of(case_id, during_event, category),
                                     officers)] if rare_ids else []
    plain = [and_(Case.during_event.is_(during_event),
                  Case.category.is_(None) if category is None else Case.category == category)
             for during_event in (False, True) for category in (None, *Category)
             if access.may_open_case_file(actor, CaseFacts.build(
                 during_event=during_event, category=category), officers)]
    return and_(Case.destroyed_at.is_(None), or_(
        Case.id.in_(opened_rare),
        and_(Case.id.not_in(rare_ids), or_(false(), *plain))))


def _require_case_role(session: Session, person: Person) -> None:
    if not people.current_roles(session, person.id) & CASE_ROLES:
        require(refuse("R-15.2", "rules-access-not-allowed"))


def my_cases(core: Core, username: str, page: int = 1,
             size: int = PAGE_SIZE) -> Page[CaseSummary]:
    """The case files this person may open now (metadata only, R-15.2), newest first, one page
    of them."""
    size = size if size in PAGE_SIZES else PAGE_SIZE
    with core.database.transaction() as session:
        person = people.get(session, username)
        _require_case_role(session, person)
        where = _openable(session, core, person)
        total = session.scalar(select(func.count(Case.id)).where(where)) or 0
        number = min(max(1, page), max(1, -(-total // size)))
        shown = session.scalars(select(Case).where(where)
                                .order_by(Case.received_at.desc(), Case.id.desc())
                                .offset((number - 1) * size).limit(size)).all()
        audit.append(session, at=core.now(), actor=f"person:{person.id}", action="cases-listed")
        return Page(tuple(_summary(c) for c in shown), number, size, total)


class _Dated(Protocol):
    """What a deadline is computed from: a case, or a row of its columns."""

    @property
    def id(self) -> int: ...
    @property
    def address(self) -> str: ...
    @property
    def status(self) -> CaseStatus: ...
    @property
    def emergency(self) -> bool: ...
    @property
    def received_at(self) -> datetime: ...
    @property
    def taken_into_handling_at(self) -> datetime | None: ...
    @property
    def investigation_report_at(self) -> datetime | None: ...
    @property
    def decision_announced_at(self) -> datetime | None: ...


def _case_deadlines(core: Core, case: _Dated, now: datetime,
                    informed: tuple[bool, datetime | None] | None,
                    appeal_filed_at: datetime | None = None) -> list[Deadline]:
    """The case's deadlines. `informed`: `investigation_steps.information_done_at` for the
    case, loaded by the caller (one query for a whole list), or None when no step applies;
    `appeal_filed_at`: when its pending appeal was filed, if any."""
    zone, periods = core.config.zone, core.config.periods
    found = []
    if case.emergency:  # the fast track: its own short first deadline, first in the list
        due = deadlines.emergency_response_due(case.received_at, periods)
        found.append(Deadline(case.address, "emergency", due, deadlines.deadline_status(
            due, now, case.taken_into_handling_at, soon=timedelta(hours=periods.emergency_hours))))
    if _informs(case) and informed is not None and case.taken_into_handling_at is not None:
        owed, done_at = informed
        if owed:  # the parties are told process, investigators and timeline
            due = deadlines.information_due(case.taken_into_handling_at, zone, periods)
            found.append(Deadline(case.address, "R-10.1", due,
                                  deadlines.deadline_status(due, now, done_at)))
    if case.status is CaseStatus.AWAITING_CONFIRMATION:
        due = anonymous.reminder_due(case.received_at, zone, periods)  # a prompt, not a limit
        found.append(Deadline(case.address, "R-7.4", due, deadlines.deadline_status(due, now)))
    if case.status in INVESTIGATING_STATUSES or (
            case.investigation_report_at is not None):
        due = deadlines.investigation_report_due(case.received_at, zone, periods)
        found.append(Deadline(case.address, "R-10.3", due, deadlines.deadline_status(
            due, now, case.investigation_report_at)))
    if case.investigation_report_at is not None:
        due = deadlines.sanction_communication_due(case.investigation_report_at, zone, periods)
        found.append(Deadline(case.address, "R-11.6", due, deadlines.deadline_status(
            due, now, case.decision_announced_at)))
    if case.decision_announced_at is not None and case.status is CaseStatus.DECIDED:
        due = deadlines.appeal_due(case.decision_announced_at, zone, periods)
        found.append(Deadline(case.address, "R-16.3", due, deadlines.deadline_status(due, now)))
    if case.status is CaseStatus.IN_APPEAL and appeal_filed_at is not None:
        due = deadlines.appeal_decision_due(appeal_filed_at, zone, periods)
        found.append(Deadline(case.address, "appeal-decision", due,
                              deadlines.deadline_status(due, now)))
    return found


def _pending_appeals(session: Session, case_ids: list[int]) -> dict[int, datetime]:
    """When each case's pending appeal was filed, in one query for any number of cases."""
    if not case_ids:
        return {}
    return {case_id: filed_at for case_id, filed_at in session.execute(
        select(Appeal.case_id, Appeal.filed_at).where(
            Appeal.case_id.in_(case_ids), Appeal.decided_at.is_(None)))}


@dataclass(frozen=True)
class _Row:
    """A case's columns that deadlines are computed from, read in bulk."""

    id: int
    number: str | None
    reference: str | None
    status: CaseStatus
    emergency: bool
    received_at: datetime
    taken_into_handling_at: datetime | None
    investigation_report_at: datetime | None
    decision_announced_at: datetime | None

    @property
    def address(self) -> str:
        return self.number or self.reference or ""


def _informs(case: _Dated) -> bool:
    """R-10.1 applies: in handling, and no final report yet."""
    return (case.status is CaseStatus.IN_HANDLING and case.taken_into_handling_at is not None
            and case.investigation_report_at is None)


def deadline_list(core: Core, username: str, page: int = 1,
                  size: int = PAGE_SIZE) -> Page[Deadline]:
    """R-10.1, R-10.3, R-11.6, R-16.3 (and R-7.4, emergencies, appeal decisions): what is due,
    overdue or missed in the person's open cases, soonest first, one page of it. A met
    deadline is left out."""
    with core.database.transaction() as session:
        person = people.get(session, username)
        _require_case_role(session, person)
        now = core.now()
        dated = [_Row(*row) for row in session.execute(select(
            Case.id, Case.number, Case.reference, Case.status, Case.emergency, Case.received_at,
            Case.taken_into_handling_at, Case.investigation_report_at,
            Case.decision_announced_at).where(_openable(session, core, person),
                                              Case.status.in_(OPEN_STATUSES)))]
        informed = investigation_steps.information_done_at_many(
            session, [c.id for c in dated if _informs(c)])
        pending = _pending_appeals(session, [c.id for c in dated
                                             if c.status is CaseStatus.IN_APPEAL])
        found = [d for c in dated
                 for d in _case_deadlines(core, c, now, informed.get(c.id), pending.get(c.id))
                 if d.state is not deadlines.DeadlineStatus.MET]
        audit.append(session, at=now, actor=f"person:{person.id}", action="deadlines-read")
        return Page.of(sorted(found, key=lambda d: d.due), page, size)


def _names(session: Session, ids: list[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.execute(select(Person.id, Person.username).where(Person.id.in_(wanted)))
    return {person_id: username for person_id, username in rows}


def case_page(core: Core, number: str, username: str, key: vault.UnlockedKey) -> CasePage:
    """One case file in full, for someone who may open it (R-15.2); messages the web reporter
    sent are adopted into the file on the way (see `casework_web.adopt_messages`)."""
    with opened(core, number, username, key) as (session, person, case, data_key):
        casework_web.adopt_messages(session, core, person, case, key, data_key)
        session.flush()
        entries = session.scalars(select(CaseEntry).where(CaseEntry.case_id == case.id)
                                  .order_by(CaseEntry.created_at, CaseEntry.id)).all()
        names = _names(session, [e.author_id for e in entries] + [case.handler_id])
        parties = session.scalars(select(Party).where(Party.case_id == case.id)
                                  .order_by(Party.id)).all()
        investigators = []
        for row in session.scalars(select(Investigator).where(Investigator.case_id == case.id)
                                   .order_by(Investigator.id)):
            if row.person_id is not None:
                investigators.append(people_name(session, row.person_id))
            elif row.external_ciphertext is not None:
                investigators.append(unseal(data_key, row.external_ciphertext)["name"])
        conflicts = tuple((people_name(session, d.person_id), d.has_conflict) for d in
                          session.scalars(select(ConflictDeclaration).where(
                              ConflictDeclaration.case_id == case.id)))
        appeal_rows = tuple({"filed_at": a.filed_at, "appellant_role": a.appellant_role,
                             "against": a.against, "heard_by": a.heard_by,
                             "decided_at": a.decided_at}
                            for a in session.scalars(select(Appeal).where(
                                Appeal.case_id == case.id).order_by(Appeal.id)))
        links = tuple(linked.address for linked in session.scalars(select(Case).join(
            CaseLink, or_(CaseLink.case_id == Case.id, CaseLink.linked_case_id == Case.id))
            .where(or_(CaseLink.case_id == case.id, CaseLink.linked_case_id == case.id),
                   Case.id != case.id, Case.destroyed_at.is_(None))))
        approvals = tuple(people_name(session, pid) for pid in session.scalars(
            select(DeclineApproval.person_id).where(DeclineApproval.case_id == case.id)))
        decline_state = casework_decline.decline_state(session, core, case)
        receipt = casework_web.receipt_of(session, case)
        actor = facts.actor(session, person)
        case_facts = facts.case_facts(session, core, case)
        officers = facts.officers(session)
        everyone = list(session.scalars(select(Person).order_by(Person.username)))
        candidates = tuple(p.username for p in everyone if p.id != person.id)
        # offer only whom the desk would accept, with the same rules that refuse.
        handler_candidates = tuple(p.username for p in everyone if handling.may_handle(
            facts.actor(session, p), case_facts, officers))
        investigator_candidates = tuple(p.username for p in everyone if p.id != person.id
                                        and handling.may_delegate_investigation(
                                            actor, facts.actor(session, p), case_facts,
                                            officers))
        shown_parties = [{k: str(v) for k, v in unseal(data_key, p.ciphertext).items()}
                         | {"id": str(p.id), "role": p.role.value} for p in parties]
        party_steps = _party_steps(session, case, shown_parties)
        event = session.get(Event, case.event_id) if case.event_id is not None else None
        shown_entries = tuple(Entry(e.kind, e.created_at, names.get(e.author_id or 0, ""),
                                    _readable(session, e.kind, unseal(data_key, e.ciphertext),
                                              event.name if event is not None else ""))
                              for e in entries)
        motions = tuple(board.motions(session, core, case, person, data_key))
        measure_views = tuple(measures.of_case(session, case))
        situation = _situation(
            session, core, person, case, actor, case_facts, officers, shown_entries,
            receipt is not None, motions_to_vote=sum(1 for m in motions if m.my_vote is None),
            unconfirmed_measures=sum(1 for m in measure_views
                                     if not m.confirmed and not m.withdrawn))
        sanction_rows = _sanctions_shown(session, case, shown_entries)
        choices = next_steps.sanction_choices(situation)[0]
        audit.append(session, at=core.now(), actor=f"person:{person.id}", action="case-read",
                     case_id=case.id)
        return CasePage(
            summary=_summary(case), incident_on=case.incident_on,
            taken_into_handling_at=case.taken_into_handling_at,
            investigation_report_at=case.investigation_report_at,
            decision_announced_at=case.decision_announced_at, closed_at=case.closed_at,
            handler=names.get(case.handler_id or 0, ""),
            reporter_informed=case.reporter_informed,
            entries=shown_entries,
            parties=tuple(shown_parties),
            investigators=tuple(investigators), conflicts=conflicts, appeals=appeal_rows,
            sanctions=sanction_rows, links=links, decline_approvals=approvals,
            decline_still_needed=tuple(sorted(decline_state.still_needed)),
            next_statuses=tuple(sorted(status.allowed_next(case.status))),
            deadlines=tuple(_case_deadlines(core, case, core.now(), (
                investigation_steps.information_done_at(session, case)
                if _informs(case) else None), _pending_appeals(session, [case.id]).get(case.id))),
            web_channel=receipt is not None,
            reporter_disclosure=None if receipt is None
            else casework_web.reporter_disclosure(receipt),
            appeal_requests=tuple(casework_web.pending_appeal_requests(session, case)),
            disclosure=tuple(DISCLOSURE.items()),
            may_handle=bool(handling.may_handle(actor, case_facts, officers)),
            may_investigate=bool(handling.may_investigate(
                actor, case_facts, officers, casework.delegates(session, case))),
            candidates=candidates,
            pending_wraps=keyring.pending_for_case(session, case),
            board_motions=motions,
            measures=measure_views,
            party_steps=party_steps,
            missing_steps=investigation_steps.missing(session, case)
            if case.investigation_report_at is None else (),
            steps=tuple(x for x in next_steps.allowed(situation) if not x.tool),
            tools=tuple(x for x in next_steps.allowed(situation) if x.tool),
            sanction_choices=choices,
            sanction_types=tuple(k for k in SanctionType if any(k in kinds
                                                                for _b, kinds in choices)),
            handler_candidates=handler_candidates,
            investigator_candidates=investigator_candidates,
            event=event.name if event is not None else "",
            responsible=handling.responsible_role(case_facts, officers),
            sanctions_in_effect=sum(1 for x in sanction_rows if not x["superseded"]),
        )


def _party_steps(session: Session, case: Case,
                 shown: list[dict[str, str]]) -> tuple[PartySteps, ...]:
    """R-10.1 to R-10.3: the steps panel, one line per directly involved party."""
    records = investigation_steps.records(session, case.id)
    names = {int(p["id"]): p.get("name") or p.get("username") or "" for p in shown}
    rows = []
    for party in investigation.directly_involved(investigation_steps.parties(session, case.id)):
        pid = party.party_id
        rows.append(PartySteps(
            pid, party.role, names.get(pid, ""),
            tuple(s for s in investigation.INFORMATION
                  if investigation.step_state(records, pid, s) is not None),
            investigation.step_state(records, pid, investigation.Step.HEARING),
            investigation.step_state(records, pid, investigation.Step.DRAFT_DISCUSSED)))
    return tuple(rows)


def _situation(session: Session, core: Core, person: Person, case: Case, actor: Actor,
               case_facts: CaseFacts, officers: Officers, entries: tuple[Entry, ...],
               web_channel: bool, *, motions_to_vote: int = 0,
               unconfirmed_measures: int = 0) -> next_steps.Situation:
    """What the next-step guards need to know, from the rows the page has read already."""
    stages = [str(e.content.get("stage", "")) for e in entries
              if e.kind is EntryKind.INVESTIGATION_REPORT]
    decided = case.status in appeals.APPEALABLE | {CaseStatus.IN_APPEAL, CaseStatus.CLOSED}
    agreed = session.scalars(select(DeclineApproval.id).where(
        DeclineApproval.case_id == case.id, DeclineApproval.person_id == person.id)).first()
    return next_steps.Situation(
        actor=actor, case=case_facts, officers=officers, status=case.status, now=core.now(),
        zone=core.config.zone, periods=core.config.periods,
        decision=casework_outcome.decision_of(session, core, case) if decided else None,
        web_channel=web_channel, investigators=len(case_facts.delegates),
        report_stage=stages[-1] if stages else "",
        director_sanctions=tuple(core.config.director_sanctions),
        agreed_to_decline=agreed is not None,
        measure_appeal=measures.pending_appeal(session, case),
        motions_to_vote=motions_to_vote, unconfirmed_measures=unconfirmed_measures)


def _sanctions_shown(session: Session, case: Case,
                     entries: tuple[Entry, ...]) -> tuple[dict[str, Any], ...]:
    """The case's sanctions, each with whether an upheld appeal replaced or lifted it
    (`sanctions.superseded_on_appeal`): listed, but counted once."""
    rows = list(session.scalars(select(Sanction).where(Sanction.case_id == case.id)
                                .order_by(Sanction.id)))
    decided_appeals = list(session.scalars(select(Appeal).where(
        Appeal.case_id == case.id, Appeal.decided_at.is_not(None))
        .order_by(Appeal.decided_at, Appeal.id)))
    outcomes = [e.content for e in entries if e.kind is EntryKind.DECISION
                and "appeal" in e.content and "upheld" in e.content]
    # Each sanction has its decision entry, written with it (`decisions.record_sanction`).
    recorded = [e.content for e in entries if e.kind is EntryKind.DECISION
                and e.content.get("sanction") and "body" in e.content]
    changed = sanctions.superseded_on_appeal(
        [(s.id, s.decided_at, bool(c.get("on_appeal")))
         for s, c in zip(rows, recorded, strict=False)],
        [(a.decided_at or a.filed_at, "replaced" if o.get("sanction_replaced") else
          "lifted" if o.get("sanctions_lifted") else "")
         for a, o in zip(decided_appeals, outcomes, strict=False)])
    return tuple({"type": s.type, "decided_by": s.decided_by, "starts_on": s.starts_on,
                  "ends_on": s.ends_on, "announced_at": s.announced_at,
                  "superseded": changed.get(s.id, ("", 0))[0],
                  "superseded_at": decided_appeals[changed[s.id][1]].decided_at
                  if s.id in changed else None}
                 for s in rows)


#: What of an on-site record's form (R-8.5) the case page shows beside the report text.
INCIDENT_FIELDS = ("persons_involved", "reported_by", "actions", "action_notes",
                   "respondent_username", "declined_as_unfounded", "second_person")


def _readable(session: Session, kind: EntryKind, content: dict[str, Any],
              event: str = "") -> dict[str, Any]:
    """An entry as the case page shows it: who entered a report by name (an officer, not an
    id), the event it happened at by name, and an on-site record's form as its fields rather
    than the stored JSON."""
    if kind is not EntryKind.REPORT:
        return content
    shown = dict(content)
    if event:
        shown["event"] = event
    entered_by = str(shown.get("entered_by", ""))
    if entered_by.startswith("person:") and entered_by[7:].isdigit():
        found = session.get(Person, int(entered_by[7:]))
        shown["entered_by"] = found.username if found else entered_by
    if shown.get("channel") == Channel.ON_SITE.value and shown.get("raw"):
        try:
            record = json.loads(str(shown["raw"]))
        except ValueError:
            return shown  # not a record of this desk's form: shown as it came
        if isinstance(record, dict):
            shown["raw"] = {k: record[k] for k in INCIDENT_FIELDS if record.get(k)}
    return shown


def people_name(session: Session, person_id: int) -> str:
    return session.get_one(Person, person_id).username


@dataclass(frozen=True)
class EnteredReport:
    """A report taken orally or in writing (R-7.2), ex officio (R-5), or in confidence by the
    confidant (R-2.1), entered on the desk."""

    channel: Channel
    what_happened: str
    language: str
    where: str = ""
    incident_on: date | None = None
    reporter_name: str = ""
    reporter_contact: str = ""
    reporter_is_victim: bool = False
    respondent_name: str = ""
    respondent_username: str = ""
    anonymous: bool = False
    emergency: bool = False
    token: str = ""


ENTRY_CHANNELS = (Channel.ORAL, Channel.WRITTEN, Channel.EX_OFFICIO)


def enter_report(core: Core, username: str, report: EnteredReport) -> str:
    """File a report on someone's behalf; the person entering it cannot read it afterwards
    unless R-15.2 lets them (the vault needs only public keys to file)."""
    if report.channel not in ENTRY_CHANNELS:
        raise BvrError("web-field-choice", field="channel")
    with core.database.transaction() as session:
        person = people.get(session, username)
        require(access.may_enter_report(facts.actor(session, person)))
        person_id = person.id
    parties: list[PartyInput] = []
    if not report.anonymous and (report.reporter_name or report.reporter_contact):
        roles = [PartyRole.REPORTER] + ([PartyRole.VICTIM] if report.reporter_is_victim else [])
        parties += [PartyInput(r, name=report.reporter_name, contact=report.reporter_contact)
                    for r in roles]
    if report.respondent_name or report.respondent_username:
        parties.append(PartyInput(PartyRole.RESPONDENT, name=report.respondent_name,
                                  username=report.respondent_username))
    filed = file_report(core, ReportInput(
        channel=report.channel, what_happened=report.what_happened, where=report.where,
        incident_on=report.incident_on, parties=tuple(parties), anonymous=report.anonymous,
        emergency=report.emergency, language=report.language,
        source_key=f"desk:{report.token}" if report.token else None,
        entered_by=f"person:{person_id}"))
    if filed.new:  # the same form sent twice is one report, and one alert
        casework_web.alert_new_report(core, filed.number, report.emergency, filed.to_tell,
                                      casework_web.Emergency(place=report.where))
    return filed.number





def may_open(core: Core, number: str, username: str) -> bool:
    """Whether this person may open the case file now (R-15.2): after deciding, the board and
    the appeals committee may not, and the desk then sends them elsewhere."""
    return open_address(core, number, username) is not None


def open_address(core: Core, address: str, username: str) -> str | None:
    """The address (case number, or pending reference) under which this person may open the
    file addressed as `address` now, or None when they may not (R-15.2). An anonymous report
    confirmed under its pending reference has a case number since (R-7.4): that is returned."""
    with core.database.transaction() as session:
        try:
            _canonical, case = find_case(session, core, address)
        except InvalidCaseNumber:
            return None
        if case is None or case.destroyed_at is not None:
            return None
        allowed = access.may_open_case_file(facts.actor(session, people.get(session, username)),
                                            facts.case_facts(session, core, case),
                                            facts.officers(session))
        return case.address if allowed else None
