"""On-site measures are decisions (R-8.4, R-11.3 note 3, R-16.4; rules in
`bvr.rules.measures`).

- `record`: the measures a contact person lists in an incident record become decisions of
  that contact person (`OnSiteMeasure`), dated when the record was filed. Who they concern and
  why stays in the incident record, in the file.
- `confirm`: the director or the board member BVR, uninvolved, confirms them; the desk shows
  them as unconfirmed until then (`of_case`).
- `file_appeal`: an appeal against them, refused while the event runs (R-16.4) and otherwise
  timed from the measure (R-16.3); it goes to the director and/or the board member BVR
  (R-16.2), and does not move the case, which is still being handled. `decide_appeal`: they
  uphold it (the measures are withdrawn) or dismiss it (the measures stand, confirmed).
- `running`: whether the case's event runs at a moment, from the event's own dates in the
  association's time zone; nobody passes it in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bvr import vault
from bvr.domain import (
    INVESTIGATING_STATUSES,
    CaseStatus,
    DecisionBody,
    EntryKind,
    PartyRole,
    SanctionType,
)
from bvr.rules import appeals, measures
from bvr.rules.verdict import require
from bvr.services import facts
from bvr.services.casefiles import opened
from bvr.services.content import seal
from bvr.services.core import Core
from bvr.storage import audit
from bvr.storage.models import Appeal, Case, CaseEntry, Event, Party, Person
from bvr.storage.models_board import OnSiteMeasure


@dataclass(frozen=True)
class MeasureView:
    type: SanctionType
    decided_at: datetime
    confirmed: bool
    withdrawn: bool


def record(session: Session, core: Core, case: Case, person_id: int,
           actions: tuple[str, ...]) -> int:
    """R-8.4: the record's measures as decisions of the contact person `person_id`."""
    taken = measures.measures_taken(actions)
    for kind in taken:
        session.add(OnSiteMeasure(case_id=case.id, type=kind, decided_by_id=person_id,
                                  decided_at=core.now()))
    if taken:
        audit.append(session, at=core.now(), actor=f"person:{person_id}",
                     action="on-site-measures", case_id=case.id, detail=str(len(taken)))
    return len(taken)


def of_case(session: Session, case: Case) -> list[MeasureView]:
    return [MeasureView(m.type, m.decided_at, m.confirmed_at is not None,
                        m.withdrawn_at is not None) for m in _measures(session, case)]


def confirm(session: Session, core: Core, person: Person, case: Case, data_key: bytes) -> int:
    """R-11.3 note 3: the director or the board member BVR confirms the unconfirmed measures."""
    require(measures.may_confirm(facts.actor(session, person),
                                 facts.case_facts(session, core, case)))
    waiting = [m for m in _measures(session, case)
               if m.confirmed_at is None and m.withdrawn_at is None]
    require(measures.may_confirm_now(len(waiting)))
    for measure in waiting:
        measure.confirmed_at = core.now()
        measure.confirmed_by_id = person.id
    _entry(session, core, person, case, data_key, {
        "on_site_measure": [m.type.value for m in waiting], "body":
        DecisionBody.CONTACT_PERSON.value, "confirmed": True})
    audit.append(session, at=core.now(), actor=f"person:{person.id}",
                 action="on-site-measures-confirmed", case_id=case.id,
                 detail=str(len(waiting)))
    return len(waiting)


def running(session: Session, core: Core, case: Case, when: datetime) -> bool:
    """R-16.4: whether the event the case arose at runs at `when`."""
    if not case.during_event or case.event_id is None:
        return False
    event = session.get(Event, case.event_id)
    return event is not None and measures.event_running(event.starts_on, event.ends_on, when,
                                                        core.config.zone)


def appealable(session: Session, case: Case) -> bool:
    """Whether the case's decision, if any, is a contact person's measure (still standing)."""
    return case.status in INVESTIGATING_STATUSES and any(
        m.withdrawn_at is None for m in _measures(session, case))


def file_appeal(session: Session, core: Core, person: Person, case: Case, *,
                appellant_role: PartyRole, filed_at: datetime, sanctioned: bool) -> str:
    """R-16.1 to R-16.4 against the contact person's measures: not while the event runs; to
    the director and/or the board member BVR (R-16.2). The case stays where it is."""
    first = min(m.decided_at for m in _measures(session, case) if m.withdrawn_at is None)
    decision = appeals.Decision(DecisionBody.CONTACT_PERSON, first, at_event=True)
    # The measure is a decision: the status check is the decided case's.
    require(appeals.may_file_appeal({appellant_role}, decision, CaseStatus.DECIDED, filed_at,
                                    core.config.zone, sanctioned=sanctioned,
                                    event_running=running(session, core, case, filed_at),
                                    periods=core.config.periods))
    require(appeals.standing(
        {appellant_role}, set(session.scalars(select(Party.role).where(
            Party.case_id == case.id))), sanctioned=sanctioned, case_has_sanction=True))
    if _pending(session, case) is not None:
        require(appeals.may_appeal_in_status(CaseStatus.IN_APPEAL))
    route = appeals.route(DecisionBody.CONTACT_PERSON)
    session.add(Appeal(case_id=case.id, filed_at=filed_at, appellant_role=appellant_role,
                       against=DecisionBody.CONTACT_PERSON, heard_by=route.stored,
                       against_decline=False))
    audit.append(session, at=core.now(), actor=f"person:{person.id}", action="appeal-filed",
                 case_id=case.id, detail=f"{route.stored}:on-site-measure")
    return route.stored


def pending_appeal(session: Session, case: Case) -> bool:
    return _pending(session, case) is not None


def decide_appeal(session: Session, core: Core, person: Person, case: Case, data_key: bytes,
                  *, upheld: bool, reasoning: str) -> None:
    """R-16.2: the director or the board member BVR decides the appeal against the measures:
    upheld, they are withdrawn; dismissed, they stand, confirmed."""
    require(measures.may_confirm(facts.actor(session, person),
                                 facts.case_facts(session, core, case)))
    appeal = _pending(session, case)
    assert appeal is not None
    now = core.now()
    for measure in _measures(session, case):
        if measure.withdrawn_at is not None:
            continue
        if upheld:
            measure.withdrawn_at = now
        elif measure.confirmed_at is None:
            measure.confirmed_at, measure.confirmed_by_id = now, person.id
    appeal.decided_at = now
    _entry(session, core, person, case, data_key, {
        "appeal": appeal.heard_by, "upheld": upheld, "reasoning": reasoning,
        "on_site_measure": "withdrawn" if upheld else "upheld"})
    audit.append(session, at=now, actor=f"person:{person.id}", action="appeal-decided",
                 case_id=case.id, detail="upheld" if upheld else "dismissed")


def _pending(session: Session, case: Case) -> Appeal | None:
    return session.scalars(select(Appeal).where(
        Appeal.case_id == case.id, Appeal.decided_at.is_(None),
        Appeal.against == DecisionBody.CONTACT_PERSON)).first()


def _measures(session: Session, case: Case) -> list[OnSiteMeasure]:
    return list(session.scalars(select(OnSiteMeasure).where(OnSiteMeasure.case_id == case.id)
                                .order_by(OnSiteMeasure.id)))


def _entry(session: Session, core: Core, person: Person, case: Case, data_key: bytes,
           content: dict[str, object]) -> None:
    session.add(CaseEntry(case_id=case.id, kind=EntryKind.DECISION, created_at=core.now(),
                          author_id=person.id, ciphertext=seal(data_key, content)))


def confirm_measures(core: Core, number: str, username: str, key: vault.UnlockedKey) -> int:
    """The desk's and the CLI's way to `confirm`: returns how many measures were confirmed."""
    with opened(core, number, username, key) as (session, person, case, data_key):
        return confirm(session, core, person, case, data_key)
