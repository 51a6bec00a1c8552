"""The rule facts a session keeps (ADR 0021): read once while nothing is written, read afresh
after any write through the session, flushed or not, so a rule never judges stale facts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import event, insert, select, update
from sqlalchemy.orm import Session

from bvr.domain import Role
from bvr.services import facts
from bvr.services.core import Core
from bvr.storage.models import Case, ConflictDeclaration, Person, RoleAssignment
from tests.services.helpers import officers, report


def _setup(core: Core) -> tuple[Session, Case, Person]:
    officers(core)
    number = report(core).number
    session = Session(core.database.engine)
    case = session.scalars(select(Case).where(Case.number == number)).one()
    confidant = session.scalars(select(Person).where(Person.username == "Confidant")).one()
    return session, case, confidant


def _statements(core: Core, read: Callable[[], object]) -> int:
    """The SQL statements `read()` sends."""
    counted = [0]

    def count(*_args: object) -> None:
        counted[0] += 1

    event.listen(core.database.engine, "before_cursor_execute", count)
    try:
        read()
    finally:
        event.remove(core.database.engine, "before_cursor_execute", count)
    return counted[0]


def test_R_15_2_facts_are_read_once_while_the_session_writes_nothing(core: Core) -> None:
    session, case, confidant = _setup(core)
    with session:
        first = facts.case_facts(session, core, case)
        assert _statements(core, lambda: facts.case_facts(session, core, case)) == 0
        assert facts.case_facts(session, core, case) == first
        assert _statements(core, lambda: facts.actor(session, confidant)) <= 1
        assert _statements(core, lambda: facts.actor(session, confidant)) == 0
        assert facts.actor(session, confidant).roles == {Role.CONFIDANT}


def test_R_15_2_a_conflict_added_in_the_session_is_seen_flushed_or_not(core: Core) -> None:
    session, case, confidant = _setup(core)
    with session:
        assert confidant.id not in facts.case_facts(session, core, case).conflicts
        session.add(ConflictDeclaration(case_id=case.id, person_id=confidant.id,
                                        has_conflict=True, declared_at=datetime.now(UTC)))
        assert confidant.id in facts.case_facts(session, core, case).conflicts  # pending
        session.flush()
        assert confidant.id in facts.case_facts(session, core, case).conflicts
        session.execute(update(ConflictDeclaration).values(has_conflict=False))
        assert confidant.id not in facts.case_facts(session, core, case).conflicts


def test_R_15_2_a_role_revoked_or_given_by_statement_is_seen(core: Core) -> None:
    session, _case, confidant = _setup(core)
    with session:
        assert facts.actor(session, confidant).roles == {Role.CONFIDANT}
        session.execute(update(RoleAssignment).where(RoleAssignment.person_id == confidant.id)
                        .values(revoked_at=datetime.now(UTC)))
        assert facts.actor(session, confidant).roles == frozenset()
        session.execute(insert(RoleAssignment).values(
            person_id=confidant.id, role=Role.CONTACT_PERSON, granted_at=datetime.now(UTC)))
        assert facts.actor(session, confidant).roles == {Role.CONTACT_PERSON}
