"""Opening and adding to case files, with the access rules and the audit log.

Opening needs the person's unlocked key: the rules say whether they may (R-15.2), the vault
says whether they can (the data key must have been wrapped to them). Every read and every
write is logged (who, what, which case; never content).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bvr import vault
from bvr.casenumber import parse, pending_reference
from bvr.domain import CaseStatus, EntryKind, PartyRole
from bvr.errors import BvrError
from bvr.rules import access
from bvr.rules.verdict import Verdict, require
from bvr.services import facts, keyring, people
from bvr.services.content import seal, unseal
from bvr.services.core import Core
from bvr.storage import audit
from bvr.storage.models import Case, CaseEntry, CaseKey, Party, Person


@dataclass(frozen=True)
class EntryView:
    kind: EntryKind
    created_at: datetime
    content: dict[str, Any]


@dataclass(frozen=True)
class PartyView:
    role: PartyRole
    name: str
    username: str
    contact: str


@dataclass(frozen=True)
class CaseView:
    number: str
    status: CaseStatus
    received_at: datetime
    anonymous: bool
    emergency: bool
    entries: tuple[EntryView, ...]
    parties: tuple[PartyView, ...]


@contextmanager
def opened(core: Core, number: str, username: str,
           key: vault.UnlockedKey) -> Iterator[tuple[Session, Person, Case, bytes]]:
    """A unit of work on one case file, after the access rules (R-15.2) and the vault agreed:
    the session, the person acting, the case and its data key."""
    with core.database.transaction() as session:
        person, case, verdict = _load(session, core, number, username)
        if verdict:
            yield session, person, case, _data_key(session, case, person, key)
            return
        actor, case_id = f"person:{person.id}", case.id
    # The refusal is logged after the refused unit of work ended (it wrote nothing): on
    # SQLite a second unit of work cannot start while the first holds the write lock.
    with core.database.transaction() as log:
        audit.append(log, at=core.now(), actor=actor, action="case-refused", case_id=case_id)
    require(verdict)


def open_case(core: Core, number: str, username: str, key: vault.UnlockedKey) -> CaseView:
    with opened(core, number, username, key) as (session, person, case, data_key):
        entries = session.scalars(select(CaseEntry).where(CaseEntry.case_id == case.id)
                                  .order_by(CaseEntry.id)).all()
        parties = session.scalars(select(Party).where(Party.case_id == case.id)
                                  .order_by(Party.id)).all()
        audit.append(session, at=core.now(), actor=f"person:{person.id}", action="case-read",
                     case_id=case.id)
        return CaseView(
            number=case.address, status=case.status, received_at=case.received_at,
            anonymous=case.anonymous, emergency=case.emergency,
            entries=tuple(EntryView(e.kind, e.created_at, unseal(data_key, e.ciphertext))
                          for e in entries),
            parties=tuple(_party_view(data_key, p) for p in parties),
        )


def add_entry(core: Core, number: str, username: str, key: vault.UnlockedKey,
              kind: EntryKind, content: dict[str, Any]) -> None:
    """Append to the case file; entries are never changed or removed (only destroyed whole
    at the end of retention)."""
    if kind is EntryKind.REPORT:
        raise BvrError("core-entry-report-kind")
    with opened(core, number, username, key) as (session, person, case, data_key):
        session.add(CaseEntry(case_id=case.id, kind=kind, created_at=core.now(),
                              author_id=person.id,
                              ciphertext=seal(data_key, content)))
        audit.append(session, at=core.now(), actor=f"person:{person.id}",
                     action=f"entry-added:{kind.value}", case_id=case.id)


def share_case_files(core: Core, username: str, key: vault.UnlockedKey) -> int:
    """Bring every wrapped key in line with the rules, with this person's unlocked key at
    hand (`keyring.reconcile_all`): remove the keys of those who may no longer read, and wrap
    what this person holds to everyone who may read it now (completing pending wraps).
    Returns how many keys were added. Role changes do this by themselves; this is for a key
    holder to finish what is still pending."""
    with core.database.transaction() as session:
        sharer = people.get(session, username)
        done = keyring.reconcile_all(session, core, keyring.Keys(
            actor=f"person:{sharer.id}", person_id=sharer.id, key=key))
    return done.wrapped


def find(session: Session, core: Core, address: str) -> tuple[str, Case | None]:
    """The file a person addresses by case number or, for an anonymous report awaiting
    confirmation, by pending reference (R-7.4): the address in canonical form and the case
    (None when there is none). A malformed case number raises `InvalidCaseNumber`."""
    reference = pending_reference(address)
    if reference is not None:
        return reference, session.scalars(select(Case).where(
            Case.reference == reference)).first()
    canonical = str(parse(address, core.config.case_prefix))
    return canonical, session.scalars(select(Case).where(Case.number == canonical)).first()


def _load(session: Session, core: Core, number: str,
          username: str) -> tuple[Person, Case, Verdict]:
    canonical, case = find(session, core, number)
    person = people.get(session, username)
    if case is None or case.destroyed_at is not None:
        raise BvrError("core-case-unknown", number=canonical)
    verdict = access.may_open_case_file(facts.actor(session, person),
                                        facts.case_facts(session, core, case),
                                        facts.officers(session))
    return person, case, verdict


def _data_key(session: Session, case: Case, person: Person, key: vault.UnlockedKey) -> bytes:
    wrapped = session.scalars(select(CaseKey.wrapped_key).where(
        CaseKey.case_id == case.id, CaseKey.person_id == person.id)).first()
    if wrapped is None:
        raise BvrError("core-case-not-shared", number=case.address)
    return key.unwrap(wrapped)


def _party_view(data_key: bytes, party: Party) -> PartyView:
    content = unseal(data_key, party.ciphertext)
    return PartyView(party.role, content.get("name", ""), content.get("username", ""),
                     content.get("contact", ""))

