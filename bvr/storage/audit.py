"""The audit log: append-only and hash-chained, so a removed or altered line shows.

Each record's digest is SHA-256 over the previous digest and the record's own fields. The
`previous` column is unique: two writers appending at once cannot both extend the same
record, one of them fails and its whole unit of work rolls back. Records carry no content,
only who did what to which case, so the board member BVR can read the log (R-14.3) and a copy
of it reveals nothing of a report.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bvr.storage.models import AuditRecord

GENESIS = "0" * 64


def append(session: Session, *, at: datetime, actor: str, action: str,
           case_id: int | None = None, detail: str = "") -> AuditRecord:
    last = session.scalars(select(AuditRecord).order_by(AuditRecord.id.desc()).limit(1)).first()
    previous = last.digest if last else GENESIS
    record = AuditRecord(at=at, actor=actor, action=action, case_id=case_id, detail=detail,
                         previous=previous)
    record.digest = _digest(record)
    session.add(record)
    session.flush()
    return record


@dataclass(frozen=True)
class ChainBreak:
    record_id: int
    problem: str


def verify(session: Session) -> ChainBreak | None:
    """The first place where the chain is broken, or None when it is whole."""
    previous = GENESIS
    for record in session.scalars(select(AuditRecord).order_by(AuditRecord.id)):
        if record.previous != previous:
            return ChainBreak(record.id, "a record before this one is missing or was replaced")
        if record.digest != _digest(record):
            return ChainBreak(record.id, "this record was altered")
        previous = record.digest
    return None


@dataclass(frozen=True)
class Checkpoint:
    """A record found whole, and its digest: checking can start again from there."""

    record_id: int
    digest: str

    def encode(self) -> str:
        return f"{self.record_id}:{self.digest}"

    @classmethod
    def decode(cls, value: str) -> Checkpoint | None:
        record_id, _, digest = value.partition(":")
        return cls(int(record_id), digest) if record_id.isdigit() and digest else None


_COLUMNS = (AuditRecord.id, AuditRecord.at, AuditRecord.actor, AuditRecord.action,
            AuditRecord.case_id, AuditRecord.detail, AuditRecord.previous, AuditRecord.digest)


def verify_since(session: Session,
                 since: Checkpoint | None) -> tuple[ChainBreak | None, Checkpoint | None]:
    """Check the chain from `since` (from the start when None): the checkpoint's record must
    still be there, unchanged, and every later one must extend it. Returns the first break,
    or the newest record as the next checkpoint. Reads columns, not objects, a batch at a
    time, so a long stretch costs no more memory than a short one.

    What this does not see is a change before `since`: `verify` (`bvr audit verify`) reads
    the whole chain."""
    previous, start = GENESIS, 0
    if since is not None:
        row = session.execute(select(*_COLUMNS).where(AuditRecord.id == since.record_id)).first()
        if row is None or row.digest != since.digest or _digest_of(*row[1:7]) != row.digest:
            return ChainBreak(since.record_id, "a record checked before was removed or altered"
                              ), None
        previous, start = row.digest, row.id
    newest = since
    rows = session.execute(select(*_COLUMNS).where(AuditRecord.id > start)
                           .order_by(AuditRecord.id).execution_options(yield_per=5000))
    for row in rows:
        if row.previous != previous:
            return ChainBreak(row.id, "a record before this one is missing or was replaced"), None
        if row.digest != _digest_of(*row[1:7]):
            return ChainBreak(row.id, "this record was altered"), None
        previous, newest = row.digest, Checkpoint(row.id, row.digest)
    return None, newest


def _digest(record: AuditRecord) -> str:
    return _digest_of(record.at, record.actor, record.action, record.case_id, record.detail,
                      record.previous)


def _digest_of(at: datetime, actor: str, action: str, case_id: int | None, detail: str,
               previous: str) -> str:
    fields = {
        "at": at.isoformat(timespec="microseconds"),
        "actor": actor,
        "action": action,
        "case_id": case_id,
        "detail": detail,
        "previous": previous,
    }
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
