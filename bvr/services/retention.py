"""Destroying case files whose time is up (R-15.4, R-15.5), and pending reports stopped (R-7.4).

Which files: `bvr.rules.retention` gives each closed file its date (two years after closing or
after its last sanction ended, R-15.4) and follows the links to newer files on the same person
(R-15.5, `retention_link`: every link a row, the latest date wins). Open files, and files
with an indefinite sanction, are kept. An anonymous report the handler stops for want of
confirmation (R-7.4, `bvr.services.pending`) is destroyed at once, by the same code
(`destroy_within`, then `flush`); nothing destroys a pending report by the clock.

What destruction means here is drawn from the schema itself (`plan`), so a table a feature
adds later is not forgotten. Gone: the rows of every table with a path of foreign keys to the
case file: wrapped keys of every kind, entries, parties and their blind indexes, the reporter's
receipt, channel messages and message keys, the contact persons' copies of incident records,
investigators, conflict declarations, decline approvals, case links, retention links, intake
progress, and the keys of the sanctions' register entries. Kept, as anonymous metadata for the
yearly figures (R-14.4), only what `KEPT` lists column by column: the case row (number, year,
status, channel, category, flags and dates), each sanction's type, body and dates (the figures
count sanctions by type), and the appeals' dates. A column of a kept table that `KEPT` does not
list, or a `case_id` without a foreign key that `UNLINKED` does not explain, stops destruction
(`UnplannedData`) rather than leaving data behind. The audit log gets one line per destroyed
file, naming the rule and nothing else. Why these and not more: docs/decisions/0010.

On SQLite, deleted rows would linger in free pages and in the write-ahead log: every
connection runs with `secure_delete` (bvr/storage/db.py), and after destruction the file is
rebuilt with `VACUUM` and the log checkpointed and truncated, so the bytes are gone from the
files on disk, not merely unreachable; that also takes what earlier wipes left in free space.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Column, ColumnElement, MetaData, Table, delete, or_, select, update
from sqlalchemy.orm import Session

from bvr.domain import CaseStatus
from bvr.errors import BvrError
from bvr.rules import retention, sanctions
from bvr.rules.deadlines import local_date
from bvr.rules.facts import SanctionTerms
from bvr.services import keyring
from bvr.services.core import Core
from bvr.storage import audit
from bvr.storage.models import Case, Sanction
from bvr.storage.models_retention import RetentionLink
from bvr.storage.registry import metadata

ROOT = "case_file"


@dataclass(frozen=True)
class Kept:
    """A table whose rows survive destruction: `keep` are the columns left as they are (they
    identify nobody and the figures need them), `blank` the columns set to a value that says
    nothing. Every column of the table must be in one of the two."""

    keep: frozenset[str]
    blank: Mapping[str, object] = field(default_factory=dict)


#: What survives destruction, column by column (R-14.4: reports received and taken into
#: handling, sanctions by type, appeals). Everything else that hangs off a case goes.
KEPT: Mapping[str, Kept] = {
    ROOT: Kept(frozenset({
        "id", "number", "year", "sequence", "status", "channel", "category", "anonymous",
        "emergency", "during_event", "received_at", "taken_into_handling_at",
        "investigation_report_at", "decision_announced_at", "closed_at", "reporter_informed",
        "retention_until", "destroyed_at"}),
        {"source_key": None, "incident_on": None, "event_id": None, "handler_id": None,
         "retention_linked_to_id": None, "reference": None}),
    "sanction": Kept(frozenset({
        "id", "case_id", "type", "decided_by", "decided_at", "announced_at", "starts_on",
        "ends_on", "blind_index_version"}),  # the version of a blanked index says nothing
        {"register_ciphertext": b"", "respondent_index": None}),
    "appeal": Kept(frozenset({
        "id", "case_id", "filed_at", "appellant_role", "against", "heard_by", "decided_at",
        "against_decline"})),
}

#: Columns that name a case without a foreign key, on purpose, and why they may stay.
UNLINKED: Mapping[str, str] = {
    "audit_log.case_id": "the hash-chained log outlives the case; it holds no content",
}


class UnplannedData(RuntimeError):
    """The schema has data whose fate at destruction nobody decided: a programming error,
    found by the tests before it can leave anything behind."""


@dataclass(frozen=True)
class Plan:
    """What destruction does to one case file, drawn from the schema's foreign keys."""

    deleted: tuple[Table, ...]  # children before parents
    kept_tables: tuple[Table, ...]  # KEPT tables on a path to the case, the case's own first
    # For every table on the plan, its foreign keys to tables on the plan: (column, referred).
    paths: Mapping[str, tuple[tuple[Column[object], Column[object]], ...]]

    def rows_of(self, table: Table, case_id: int) -> ColumnElement[bool]:
        """The condition that picks `table`'s rows belonging to case `case_id`."""
        if table.name == ROOT:
            return table.c.id == case_id
        conditions = []
        for column, referred in self.paths[table.name]:
            if referred.table.name == ROOT:
                conditions.append(column == case_id)
            else:
                conditions.append(column.in_(select(referred).where(
                    self.rows_of(referred.table, case_id))))
        return or_(*conditions)


def plan(schema: MetaData) -> Plan:
    """Every table with a path of foreign keys to a case file, and what happens to it."""
    paths: dict[str, list[tuple[Column[object], Column[object]]]] = {ROOT: []}
    followed: set[tuple[str, str]] = set()  # (table, column) of foreign keys already on it
    grown = True
    while grown:  # until no table joins: paths may run through several tables
        grown = False
        for table in schema.sorted_tables:
            for key in table.foreign_keys:
                referred = key.column.table
                if referred.name not in paths or referred is table:
                    continue  # not towards a case; a self-reference adds no rows
                if (table.name, key.parent.name) not in followed:
                    followed.add((table.name, key.parent.name))
                    paths.setdefault(table.name, []).append((key.parent, key.column))
                    grown = True
    problems = _unplanned(schema, set(paths))
    if problems:
        raise UnplannedData("decide what destruction does with: " + ", ".join(problems))
    ordered = [table for table in schema.sorted_tables if table.name in paths]
    return Plan(
        deleted=tuple(t for t in reversed(ordered) if t.name not in KEPT),
        kept_tables=tuple(t for t in ordered if t.name in KEPT),
        paths={name: tuple(found) for name, found in paths.items()})


def _unplanned(schema: MetaData, on_plan: set[str]) -> list[str]:
    problems = []
    for table in schema.sorted_tables:
        if table.name in KEPT and table.name in on_plan:
            kept = KEPT[table.name]
            problems += [f"{table.name}.{c.name}" for c in table.columns
                         if c.name not in kept.keep and c.name not in kept.blank]
        if table.name in on_plan:
            continue
        for column in table.columns:
            name = f"{table.name}.{column.name}"
            if (column.name == "case_id" or column.name.endswith("_case_id")) \
                    and not column.foreign_keys and name not in UNLINKED:
                problems.append(name)
    return problems


@dataclass(frozen=True)
class Destruction:
    """A file due for destruction and why: "R-15.4" (retention over, possibly extended by
    R-15.5) or "R-7.4" (an anonymous report stopped: no confirmation found)."""

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
    today = local_date(core.now(), core.config.zone)
    with core.database.transaction() as session:
        cases = list(session.scalars(select(Case).order_by(Case.id)))
        own = {case.id: _own_retention(session, core, case) for case in cases}
        links = session.execute(select(RetentionLink.case_id, RetentionLink.linked_to_id))
        effective = retention.linked_retention(own, [(old, new) for old, new in links])
        found = []
        for case in cases:
            if case.destroyed_at is not None:
                continue
            if retention.is_destruction_due(effective[case.id], today):
                found.append(Destruction(case.address, case.id, "R-15.4",
                                         effective[case.id]))
        return found


def destroy(core: Core, files: list[Destruction]) -> None:
    """Destroy `files` in one unit of work, then make sure the bytes left the disk. On SQLite
    the file is rebuilt even when nothing was due, so what other wipes of the day (a message
    read, a key removed) left in free pages goes too."""
    if files:
        with core.database.transaction() as session:
            for item in files:
                destroy_within(session, core, item)
    flush(core)


def flush(core: Core) -> None:
    """After destruction, outside any unit of work: on SQLite, make sure the bytes left the
    disk (see the module's docstring)."""
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


def destroy_within(session: Session, core: Core, item: Destruction) -> None:
    """Destroy one file inside the caller's unit of work; call `flush` once it committed."""
    destruction = plan(metadata())
    case_id = item.case_id
    keyring.forget_case(session, session.get_one(Case, case_id))  # before its rows go
    for table in destruction.deleted:  # children first: foreign keys hold at every step
        session.execute(delete(table).where(destruction.rows_of(table, case_id)))
    for table in destruction.kept_tables:
        values = dict(KEPT[table.name].blank)
        if table.name == ROOT:
            values["destroyed_at"] = core.now()
        if values:
            session.execute(update(table).where(destruction.rows_of(table, case_id))
                            .values(values))
    audit.append(session, at=core.now(), actor="retention", action="case-destroyed",
                 case_id=case_id, detail=item.rule)


def _flush_sqlite(core: Core) -> None:
    """Rebuild the file without free pages, then move everything into the database file and
    empty the write-ahead log. Both run outside any transaction."""
    with core.database.engine.connect().execution_options(
            isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM")
        busy, _log, _done = connection.exec_driver_sql(
            "PRAGMA wal_checkpoint(TRUNCATE)").one()
    if busy:  # a reader kept the log from being emptied: old pages may still be in it
        raise BvrError("housekeeping-retention-not-flushed")
