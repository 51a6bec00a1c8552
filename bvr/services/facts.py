"""Building the rules' facts (`bvr.rules.facts`) from the database.

Parties are matched to officers by blind index, computed now with the key from the
environment: no stored column says that an officer is a party in a case.

A page asks the same facts many times (the case page: whether the file may be opened, each
next step's guard, the board's motions), so the facts read are kept in the session until it
writes anything (a flush, or an INSERT/UPDATE/DELETE statement) or its transaction ends; with
changes not yet flushed they are read afresh (ADR 0021).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import event, select
from sqlalchemy.orm import ORMExecuteState, Session

from bvr.domain import Category, DecisionBody, PartyRole, Role
from bvr.rules.facts import Actor, CaseFacts, Officers
from bvr.services.core import Core
from bvr.storage.models import (
    Appeal,
    Case,
    ConflictDeclaration,
    Investigator,
    Party,
    Person,
    RoleAssignment,
)
from bvr.storage.models_keyring import BoardReferral

_CACHE = "bvr.facts"
T = TypeVar("T")


def _kept(session: Session, key: tuple[Any, ...], read: Callable[[], T]) -> T:
    """`read()`, or what it gave before in this session since its last write."""
    if session.new or session.dirty or session.deleted:  # changes not flushed yet
        return read()
    kept: dict[tuple[Any, ...], Any] = session.info.setdefault(_CACHE, {})
    if key not in kept:
        kept[key] = read()
    return kept[key]  # type: ignore[no-any-return]


def _forget(session: Session, *_args: Any) -> None:
    session.info.pop(_CACHE, None)


for _name in ("after_flush", "after_commit", "after_rollback", "after_soft_rollback"):
    event.listen(Session, _name, _forget)


@event.listens_for(Session, "do_orm_execute")
def _forget_on_write(state: ORMExecuteState) -> None:
    if not state.is_select:
        _forget(state.session)


def officers(session: Session) -> Officers:
    """Everyone who holds a role now."""
    return _kept(session, ("officers",), lambda: _officers(session))


def _officers(session: Session) -> Officers:
    rows = session.execute(select(RoleAssignment.person_id, RoleAssignment.role)
                           .where(RoleAssignment.revoked_at.is_(None))).all()
    roles: dict[int, set[Role]] = {}
    for person_id, role in rows:
        roles.setdefault(person_id, set()).add(role)
    return Officers(frozenset(Actor(pid, frozenset(held)) for pid, held in roles.items()))


def actor(session: Session, person: Person) -> Actor:
    """The person with the roles they hold now (the officers' list, which holds them)."""
    return actor_of(officers(session), person.id)


def actor_of(found: Officers, person_id: int) -> Actor:
    """`person_id` as an actor: their roles among `found` (none if they hold none)."""
    return next((a for a in found.actors if a.person_id == person_id), Actor(person_id))


def involvement(session: Session, core: Core,
                parties: Iterable[tuple[str, PartyRole]]) -> frozenset[tuple[int, PartyRole]]:
    """(person id, party role) for every officer among `parties` (blind index, role)."""
    by_index: dict[str, list[PartyRole]] = {}
    for index, role in parties:
        by_index.setdefault(index, []).append(role)
    if not by_index:
        return frozenset()
    found: set[tuple[int, PartyRole]] = set()
    for person_id, username in session.execute(select(Person.id, Person.username)):
        for index in core.blind_indexes(username):
            for role in by_index.get(index, ()):
                found.add((person_id, role))
    return frozenset(found)


def case_facts(session: Session, core: Core, case: Case) -> CaseFacts:
    return _kept(session, ("case", case.id, case.during_event, case.category),
                 lambda: _case_facts(session, core, case))


def _case_facts(session: Session, core: Core, case: Case) -> CaseFacts:
    parties = session.execute(select(Party.blind_index, Party.role).where(
        Party.case_id == case.id, Party.blind_index.is_not(None))).all()
    conflicts = session.scalars(select(ConflictDeclaration.person_id).where(
        ConflictDeclaration.case_id == case.id, ConflictDeclaration.has_conflict.is_(True)))
    appeal = session.scalars(select(Appeal.heard_by).where(
        Appeal.case_id == case.id, Appeal.decided_at.is_(None))
        .order_by(Appeal.filed_at.desc())).first()
    heard_by = DecisionBody(appeal) if appeal in set(DecisionBody) else None
    return CaseFacts.build(involvement(session, core, ((i, r) for i, r in parties if i)),
                           conflicts, during_event=case.during_event, appeal_heard_by=heard_by,
                           category=case.category, delegates=delegates(session, case.id),
                           board_deciding=board_deciding(session, case.id))


def delegates(session: Session, case_id: int) -> frozenset[int]:
    """R-10.1: the people with an account the investigation is delegated to now."""
    return frozenset(pid for pid in session.scalars(select(Investigator.person_id).where(
        Investigator.case_id == case_id, Investigator.ended_at.is_(None))) if pid is not None)


def board_deciding(session: Session, case_id: int) -> bool:
    """R-11.3: whether the board must decide a sanction (d)-(f) in this case now."""
    return session.scalars(select(BoardReferral.id).where(
        BoardReferral.case_id == case_id, BoardReferral.ended_at.is_(None))).first() is not None



@dataclass(frozen=True)
class RareFacts:
    """What sets a case apart from the plain facts, for all cases at once: an officer among
    the parties, a declared conflict, an appeal heard now, a delegation, a board referral.
    Few cases have any of it; the others' facts follow from their event flag and category."""

    involved: dict[int, set[tuple[int, PartyRole]]]
    conflicts: dict[int, set[int]]
    heard: dict[int, DecisionBody | None]
    delegated: dict[int, set[int]]
    referred: set[int]

    @property
    def case_ids(self) -> set[int]:
        return (set(self.involved) | set(self.conflicts) | set(self.heard)
                | set(self.delegated) | self.referred)

    def of(self, case_id: int, during_event: bool, category: Category | None) -> CaseFacts:
        return CaseFacts.build(
            self.involved.get(case_id, ()), self.conflicts.get(case_id, ()),
            during_event=during_event, appeal_heard_by=self.heard.get(case_id),
            category=category, delegates=self.delegated.get(case_id, ()),
            board_deciding=case_id in self.referred)


def rare_facts(session: Session, core: Core) -> RareFacts:
    """`RareFacts` in a constant number of queries, whatever the number of cases."""
    officer_index: dict[str, list[int]] = {}
    for person_id, username in session.execute(select(Person.id, Person.username)):
        for index in core.blind_indexes(username):
            officer_index.setdefault(index, []).append(person_id)
    involved: dict[int, set[tuple[int, PartyRole]]] = {}
    if officer_index:
        for case_id, found, role in session.execute(
                select(Party.case_id, Party.blind_index, Party.role)
                .where(Party.blind_index.in_(officer_index))):
            for person_id in officer_index.get(found or "", ()):
                involved.setdefault(case_id, set()).add((person_id, role))
    conflicts: dict[int, set[int]] = {}
    for case_id, person_id in session.execute(
            select(ConflictDeclaration.case_id, ConflictDeclaration.person_id)
            .where(ConflictDeclaration.has_conflict.is_(True))):
        conflicts.setdefault(case_id, set()).add(person_id)
    heard: dict[int, DecisionBody | None] = {}
    for case_id, body in session.execute(  # the latest appeal not yet decided, per case
            select(Appeal.case_id, Appeal.heard_by).where(Appeal.decided_at.is_(None))
            .order_by(Appeal.filed_at.desc())):
        if case_id not in heard:
            heard[case_id] = DecisionBody(body) if body in set(DecisionBody) else None
    delegated: dict[int, set[int]] = {}
    for case_id, delegate in session.execute(
            select(Investigator.case_id, Investigator.person_id)
            .where(Investigator.ended_at.is_(None), Investigator.person_id.is_not(None))):
        if delegate is not None:
            delegated.setdefault(case_id, set()).add(delegate)
    referred = set(session.scalars(select(BoardReferral.case_id)
                                   .where(BoardReferral.ended_at.is_(None))))
    return RareFacts(involved, conflicts, heard, delegated, referred)


def many_case_facts(session: Session, core: Core,
                    cases: Iterable[tuple[int, bool, Category | None]]) -> dict[int, CaseFacts]:
    """`case_facts` of many cases (id, during event, category) in a constant number of
    queries (`rare_facts`)."""
    rare = rare_facts(session, core)
    return {case_id: rare.of(case_id, during_event, category)
            for case_id, during_event, category in cases}
