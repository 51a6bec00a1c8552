"""Destroying case files whose time is up: R-15.4, R-15.5 and R-7.4.

Which files: `bvr.rules.retention` gives each closed file its date (two years after closing or
after its last sanction ended, R-15.4) and follows the links to newer files on the same person
(R-15.5); `bvr.rules.anonymous` says when an anonymous report that was never confirmed is
destroyed (R-7.4). Open files, and files with an indefinite sanction, are kept.

What destruction means here. Gone: every wrapped copy of the case's data key, every encrypted
entry and party, the blind indexes of its parties, the register entries of its sanctions (their
ciphertext, wrapped keys and the respondent's blind index), investigators and conflict
declarations, and every row of a feature table that hangs off the case by a `case_id` foreign
key (a feature that must keep such rows says so with `info={"retention": "keep"}` on its table).
Kept: the case row with non-identifying metadata only (number, year, status, channel,
category, the dates the yearly figures count), the sanctions' type and dates and the appeals'
dates, so `bvr stats` (R-14.4) gives the same figures before and after. The audit log gets one
line per destroyed file, naming the rule and nothing else.

On SQLite, deleted rows would linger in free pages and in the write-ahead log: destruction runs
with `secure_delete` on, and the log is checkpointed and truncated afterwards, so the bytes are
gone from the files on disk, not merely unreachable.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Table, delete, select, text, update
from sqlalchemy.orm import Session

from bvr.domain import CaseStatus
from bvr.rules import anonymous, retention, sanctions
from bvr.rules.deadlines import local_date
from bvr.rules.facts import SanctionTerms
from bvr.services.core import Core
from bvr.storage import audit
from bvr.storage.models import (
    Case,
    CaseEntry,
    CaseKey,
    ConflictDeclaration,
    Investigator,
    Party,
    Sanction,
    SanctionKey,
)
from bvr.storage.registry import metadata

#: Tables whose rows survive destruction (stripped of anything identifying): the figures of
#: R-14.4 count them.
KEPT_TABLES = frozenset({"case_file", "sanction", "appeal", "audit_log"})


@dataclass(frozen=True)
class Destruction:
    """A file due for destruction and why: "R-15.4" (retention over, possibly extended by
    R-15.5) or "R-7.4" (anonymous report never confirmed)."""

    number: str
    case_id: int
    rule: str
    retention_until: date | None

    def as_dict(self) -> dict[str, object]:
        return {"case": self.number, "rule": self.rule,
                "retention_until": (self.retention_until.isoformat()
                                    if self.retention_until else None)}


def due(core: Core) -> list[Destruction]:
    """Every case file that must be destroyed now."""
    now = core.now()
    zone, periods = core.config.zone, core.config.periods
    today = local_date(now, zone)
    with core.database.transaction() as session:
        cases = list(session.scalars(select(Case).order_by(Case.id)))
        own = {case.id: _own_retention(session, core, case) for case in cases}
        links = [(case.id, case.retention_linked_to_id) for case in cases
                 if case.retention_linked_to_id is not None]
        effective = retention.linked_retention(own, links)
        found = []
        for case in cases:
            if case.destroyed_at is not None:
                continue
            if anonymous.is_destruction_due(case.status, case.received_at, now, zone, periods):
                found.append(Destruction(case.number, case.id, "R-7.4", None))
            elif retention.is_destruction_due(effective[case.id], today):
                found.append(Destruction(case.number, case.id, "R-15.4",
                                         effective[case.id]))
        return found


def destroy(core: Core, files: list[Destruction]) -> None:
    """Destroy `files` in one unit of work, then make sure the bytes left the disk."""
    if not files:
        return
    with core.database.transaction() as session:
        sqlite = session.get_bind().dialect.name == "sqlite"
        if sqlite:
            session.execute(text("PRAGMA secure_delete = ON"))
        for item in files:
            _destroy_one(session, core, item)
    if core.database.engine.dialect.name == "sqlite":
        _flush_sqlite(core)


def _own_retention(session: Session, core: Core, case: Case) -> retention.Retention:
    """R-15.4 from the file's own facts; the stored date counts too, never shortening it."""
    if case.status is not CaseStatus.CLOSED or case.closed_at is None:
        return None
    ends = [sanctions.sanction_end(SanctionTerms(s.type, s.starts_on, s.ends_on))
            for s in session.scalars(select(Sanction).where(Sanction.case_id == case.id))]
    computed = retention.retention_date(local_date(case.closed_at, core.config.zone), ends,
                                        core.config.periods)
    if case.retention_until is None:
        return computed
    return retention.later(computed, case.retention_until)


def _destroy_one(session: Session, core: Core, item: Destruction) -> None:
    case_id = item.case_id
    sanction_ids = list(session.scalars(select(Sanction.id).where(Sanction.case_id == case_id)))
    if sanction_ids:
        session.execute(delete(SanctionKey).where(SanctionKey.sanction_id.in_(sanction_ids)))
        session.execute(update(Sanction).where(Sanction.id.in_(sanction_ids)).values(
            register_ciphertext=b"", respondent_index=None))
    for model in (CaseKey, CaseEntry, Party, Investigator, ConflictDeclaration):
        session.execute(delete(model).where(model.case_id == case_id))
    for table in _feature_tables():
        session.execute(delete(table).where(table.c.case_id == case_id))
    session.execute(update(Case).where(Case.id == case_id).values(
        source_key=None, incident_on=None, event_id=None, handler_id=None,
        destroyed_at=core.now()))
    audit.append(session, at=core.now(), actor="retention", action="case-destroyed",
                 case_id=case_id, detail=item.rule)


def _feature_tables() -> list[Table]:
    """Other features' tables that hang off a case by `case_id`, children first."""
    core_tables = {model.__tablename__ for model in
                   (CaseKey, CaseEntry, Party, Investigator, ConflictDeclaration, SanctionKey)}
    found = []
    for table in reversed(metadata().sorted_tables):
        if table.name in KEPT_TABLES | core_tables or table.info.get("retention") == "keep":
            continue
        column = table.c.get("case_id")
        if column is not None and any(fk.column.table.name == "case_file"
                                      for fk in column.foreign_keys):
            found.append(table)
    return found


def _flush_sqlite(core: Core) -> None:
    """Move the zeroed pages into the database file and empty the write-ahead log."""
    with core.database.engine.connect().execution_options(
            isolation_level="AUTOCOMMIT") as connection:  # a checkpoint runs outside any
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")  # transaction
