"""The investigation's steps per party (R-10.1 to R-10.3): read and written as metadata.

`bvr.rules.investigation` decides what is missing; this module gathers its facts (party ids
and roles, recorded steps: no names, no text) and records new steps inside a unit of work the
caller opened. Reading needs no key, so the deadlines page and the reminders use it too.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bvr.domain import EntryKind, PartyRole
from bvr.errors import BvrError
from bvr.rules import investigation
from bvr.rules.investigation import MissingStep, Outcome, PartyFact, Step, StepRecord
from bvr.rules.verdict import require
from bvr.storage import audit
from bvr.storage.models import Case, CaseEntry, Party, Person
from bvr.storage.models_investigation import InvestigationStep


def parties(session: Session, case_id: int) -> list[PartyFact]:
    return [PartyFact(pid, role) for pid, role in session.execute(
        select(Party.id, Party.role).where(Party.case_id == case_id).order_by(Party.id))]


def records(session: Session, case_id: int) -> list[StepRecord]:
    return [StepRecord(row.party_id, Step(row.step), Outcome(row.outcome), row.recorded_at)
            for row in session.scalars(select(InvestigationStep).where(
                InvestigationStep.case_id == case_id).order_by(InvestigationStep.id))]


def information_done_at_many(session: Session, case_ids: Collection[int]
                             ) -> dict[int, tuple[bool, datetime | None]]:
    """`information_done_at` for many cases in two queries (the deadlines page lists them all)."""
    if not case_ids:
        return {}
    found: dict[int, list[PartyFact]] = {i: [] for i in case_ids}
    done: dict[int, list[StepRecord]] = {i: [] for i in case_ids}
    for case_id, pid, role in session.execute(
            select(Party.case_id, Party.id, Party.role).where(Party.case_id.in_(case_ids))
            .order_by(Party.id)):
        found[case_id].append(PartyFact(pid, role))
    for row in session.scalars(select(InvestigationStep).where(
            InvestigationStep.case_id.in_(case_ids)).order_by(InvestigationStep.id)):
        done[row.case_id].append(StepRecord(row.party_id, Step(row.step), Outcome(row.outcome),
                                            row.recorded_at))
    return {i: (investigation.information_owed(found[i]),
                investigation.informed_at(found[i], done[i])) for i in case_ids}


def draft_exists(session: Session, case_id: int) -> bool:
    return session.scalars(select(CaseEntry.id).where(
        CaseEntry.case_id == case_id,
        CaseEntry.kind == EntryKind.INVESTIGATION_REPORT)).first() is not None


def missing(session: Session, case: Case) -> tuple[MissingStep, ...]:
    """R-10.1 to R-10.3: what is still to be done before the final report."""
    return investigation.missing_steps(parties(session, case.id), records(session, case.id),
                                       draft_exists=draft_exists(session, case.id))


def information_done_at(session: Session, case: Case) -> tuple[bool, datetime | None]:
    """R-10.1: whether anyone is owed the information, and when the last one got it."""
    found = parties(session, case.id)
    return (investigation.information_owed(found),
            investigation.informed_at(found, records(session, case.id)))


def targets(session: Session, case: Case, party_role: PartyRole,
            party_ids: Collection[int] = ()) -> list[PartyFact]:
    """The parties a step is recorded for: the ones ticked on the desk (one person may be a
    party in two roles, e.g. reporter and victim), else every party in `party_role`."""
    found = parties(session, case.id)
    if party_ids:
        chosen = [p for p in found if p.party_id in set(party_ids)]
        if len(chosen) != len(set(party_ids)):
            raise BvrError("web-field-choice", field="parties")
        return chosen
    return [p for p in found if p.role is party_role]


def record(session: Session, at: datetime, person: Person | None, case: Case,
           chosen: Iterable[PartyFact], step: Step, outcome: Outcome) -> int:
    """Record `step` with `outcome` for each chosen party the rule allows it for; returns how
    many rows were written. Every refusal comes from `investigation.may_record_step`.
    `person` is None for the intake job, which tells a reporter by email what happens next."""
    written = 0
    for party in chosen:
        require(investigation.may_record_step(party, step, outcome))
        session.add(InvestigationStep(case_id=case.id, party_id=party.party_id, step=step.value,
                                      outcome=outcome.value, recorded_at=at,
                                      recorded_by_id=person.id if person else None))
        written += 1
    if written:
        audit.append(session, at=at, actor=f"person:{person.id}" if person else "intake",
                     action=f"step:{step.value}:{outcome.value}", case_id=case.id,
                     detail=f"parties:{written}")
    return written
