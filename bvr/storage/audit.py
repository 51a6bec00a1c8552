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


def _digest(record: AuditRecord) -> str:
    fields = {
        "at": record.at.isoformat(timespec="microseconds"),
        "actor": record.actor,
        "action": record.action,
        "case_id": record.case_id,
        "detail": record.detail,
        "previous": record.previous,
    }
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
