"""The intake job's memory: where it is in the wiki's changes, and how far each report got.

The order of work (ARCHITECTURE.md flow 1) is store and commit, then alert (emergencies), then
delete and hide on the wiki, then tell the reporter. Each step that is done is written here in
its own unit of work, after the step, so a job killed at any moment repeats at most the step
it was in (every step is safe to repeat) and never an earlier one. `unfinished` lists what a
restarted job must still do; `told_state` is what the case desk shows (reporter told or not).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from bvr.domain import PartyRole
from bvr.rules import investigation
from bvr.services import investigation_steps
from bvr.services.core import Core
from bvr.storage import audit
from bvr.storage.models import Case, JobState
from bvr.storage.models_intake import IntakeItem

Step = Literal["alerted", "hidden"]
Told = Literal["sent", "no-email", "no-account", "bot-cannot-email"]


@dataclass(frozen=True)
class Position:
    """The last RecentChanges entry handled: its timestamp (for `rcstart`) and rcid (to skip
    the entries of that same second already seen)."""

    timestamp: str
    rcid: int

    def encode(self) -> str:
        return f"{self.timestamp}|{self.rcid}"

    @classmethod
    def decode(cls, value: str) -> Position:
        timestamp, _, rcid = value.partition("|")
        return cls(timestamp, int(rcid or 0))


@dataclass(frozen=True)
class Pending:
    """A filed report whose later steps are not all done."""

    source_key: str
    number: str
    page_id: int
    title: str
    language: str
    emergency: bool
    alerted: bool
    hidden: bool
    told: bool


def position(core: Core, name: str) -> Position | None:
    with core.database.transaction() as session:
        row = session.get(JobState, name)
        return Position.decode(row.value) if row else None


def save_position(core: Core, name: str, at: Position) -> None:
    with core.database.transaction() as session:
        row = session.get(JobState, name)
        if row is None:
            session.add(JobState(name=name, value=at.encode()))
        else:
            row.value = at.encode()


def record_filed(core: Core, source_key: str, number: str, page_id: int, title: str,
                 language: str) -> None:
    """Remember a filed report (once; a second call is a no-op)."""
    with core.database.transaction() as session:
        if session.scalars(select(IntakeItem).where(
                IntakeItem.source_key == source_key)).first() is not None:
            return
        case_id = session.scalars(select(Case.id).where(Case.at(number))).one()
        session.add(IntakeItem(source_key=source_key, case_id=case_id, page_id=page_id,
                               title=title, language=language, filed_at=core.now()))


def mark(core: Core, source_key: str, step: Step) -> None:
    with core.database.transaction() as session:
        item = _item(session, source_key)
        if step == "alerted":
            item.alerted_at = item.alerted_at or core.now()
        else:
            item.hidden_at = item.hidden_at or core.now()
        audit.append(session, at=core.now(), actor="intake", action=f"intake-{step}",
                     case_id=item.case_id)


def mark_told(core: Core, source_key: str, outcome: Told) -> None:
    """The reporter step is done: told by wiki email, or they could not be reached."""
    with core.database.transaction() as session:
        item = _item(session, source_key)
        item.told_at, item.told = core.now(), outcome
        if outcome == "sent":
            case = session.get(Case, item.case_id)
            assert case is not None
            case.reporter_informed = True
            # the acknowledgement tells the reporter the process and the timeline
            # (`bot.intake.job.acknowledgement`); who investigates is not known yet.
            reporters = investigation_steps.targets(session, case, PartyRole.REPORTER)
            for told in (investigation.Step.INFORMED_PROCESS, investigation.Step.INFORMED_TIMELINE):
                investigation_steps.record(session, core.now(), None, case, reporters, told,
                                           investigation.Outcome.DONE)
        audit.append(session, at=core.now(), actor="intake", action="intake-reporter",
                     case_id=item.case_id, detail=outcome)


def unfinished(core: Core) -> list[Pending]:
    """Filed reports with a step still to do, oldest first (emergencies first)."""
    with core.database.transaction() as session:
        rows = session.execute(select(IntakeItem, Case).join(Case, Case.id == IntakeItem.case_id)
                               .where(IntakeItem.told_at.is_(None)
                                      | IntakeItem.hidden_at.is_(None)
                                      | (Case.emergency.is_(True)
                                         & IntakeItem.alerted_at.is_(None)))
                               .order_by(Case.emergency.desc(), IntakeItem.id)).all()
        return [Pending(item.source_key, case.address, item.page_id, item.title,
                        item.language, case.emergency, item.alerted_at is not None,
                        item.hidden_at is not None, item.told_at is not None)
                for item, case in rows]


def pending(core: Core, source_key: str) -> Pending | None:
    """How far one filed report got (None: not remembered yet)."""
    return next((p for p in unfinished(core) if p.source_key == source_key), None)


def told_state(core: Core, number: str) -> str | None:
    """For the case desk: "sent", "no-email", "no-account", "pending", or None (not a wiki
    report)."""
    with core.database.transaction() as session:
        item = session.scalars(select(IntakeItem).join(Case, Case.id == IntakeItem.case_id)
                               .where(Case.at(number))).first()
        if item is None:
            return None
        return item.told or "pending"


def _item(session: Session, source_key: str) -> IntakeItem:
    return session.scalars(select(IntakeItem).where(IntakeItem.source_key == source_key)).one()


def filed_at(core: Core, source_key: str) -> datetime | None:
    with core.database.transaction() as session:
        item = session.scalars(select(IntakeItem).where(
            IntakeItem.source_key == source_key)).first()
        return item.filed_at if item else None
