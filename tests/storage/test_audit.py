"""The audit log is append-only and hash-chained (ARCHITECTURE: every read and write)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from bvr.services.core import Core
from bvr.storage import audit
from bvr.storage.models import AuditRecord

AT = datetime(2026, 3, 1, 12, 0, 0, 123456, tzinfo=UTC)


def _fill(core: Core, count: int = 3) -> None:
    with core.database.transaction() as session:
        for number in range(count):
            audit.append(session, at=AT, actor="person:1", action="case-read",
                         case_id=number)


def test_an_unbroken_chain_verifies_after_a_round_trip(core: Core) -> None:
    _fill(core)
    with core.database.transaction() as session:
        assert audit.verify(session) is None  # microseconds survive on MariaDB too


def test_a_removed_record_breaks_the_chain(core: Core) -> None:
    _fill(core)
    with core.database.transaction() as session:
        middle = session.scalars(select(AuditRecord).order_by(AuditRecord.id)).all()[1]
        session.execute(delete(AuditRecord).where(AuditRecord.id == middle.id))
    with core.database.transaction() as session:
        broken = audit.verify(session)
    assert broken is not None and "missing" in broken.problem


def test_two_records_cannot_extend_the_same_predecessor(core: Core) -> None:
    _fill(core, 1)
    with core.database.transaction() as session:
        first = session.scalars(select(AuditRecord)).one()
        fork = AuditRecord(at=AT, actor="x", action="y", previous=first.previous, digest="f")
    with pytest.raises(IntegrityError), core.database.transaction() as session:
        session.add(fork)
