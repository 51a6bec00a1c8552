"""Who holds a key is who may read, at every moment (issue 11, ADR 0007).

For one record (a case file, a reporter's message, an on-site record's copies, a register
entry, a screening run or note), `reconcile` compares the people holding a wrapped key with the
people the rules let read it now (`bvr.rules.access`, one function per kind) and:

- deletes the wraps of those who may no longer read: that needs no key, so it always happens
  in the unit of work of the change that took their right away;
- wraps the data key to those who may now read, when the acting person has it at hand (an
  opened case file's key, or their unlocked key opening a wrap of their own); otherwise it
  queues a *pending wrap*, which the next key holder of that record who unlocks completes
  (`complete_pending`: desk unlock, `bvr people share`).

Every change that alters who may read calls this in its own unit of work: a role granted or
revoked, a new personal key, a conflict declaration, a delegation, a referral to the board,
an appeal, a sanction, an event's contact persons. Wraps go only to people with a key pair.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bvr import vault
from bvr.domain import Channel, EntryKind
from bvr.rules import access
from bvr.rules.facts import Officers
from bvr.services import facts
from bvr.services.content import unseal
from bvr.services.core import Core
from bvr.storage import audit
from bvr.storage.models import (
    Case,
    CaseEntry,
    CaseKey,
    ContactAssignment,
    Person,
    Sanction,
    SanctionKey,
)
from bvr.storage.models_keyring import PendingWrap
from bvr.storage.models_screening import (
    ScreeningNote,
    ScreeningNoteKey,
    ScreeningRun,
    ScreeningRunKey,
)
from bvr.storage.models_web import IncidentCopy, ReporterMessage, ReporterMessageKey, WebReceipt


class Kind(StrEnum):
    """The kinds of record whose data key is wrapped to their readers."""

    CASE = "case"  # case_key
    CHANNEL = "channel"  # reporter_message_key, one unadopted message
    INCIDENT = "incident"  # incident_copy of one case
    SANCTION = "sanction"  # sanction_key, one register entry
    SCREENING_RUN = "screening_run"  # screening_run_key
    SCREENING_NOTE = "screening_note"  # screening_note_key: R-6.1(b)


@dataclass(frozen=True)
class Record:
    kind: Kind
    id: int


# The wrap table of each kind: (model, the column naming the record).
_WRAPS: dict[Kind, tuple[type, str]] = {
    Kind.CASE: (CaseKey, "case_id"),
    Kind.CHANNEL: (ReporterMessageKey, "message_id"),
    Kind.INCIDENT: (IncidentCopy, "case_id"),
    Kind.SANCTION: (SanctionKey, "sanction_id"),
    Kind.SCREENING_RUN: (ScreeningRunKey, "run_id"),
    Kind.SCREENING_NOTE: (ScreeningNoteKey, "note_id"),
}


@dataclass
class Keys:
    """What the acting person has at hand to wrap with: `known` secrets (a data key they just
    made or opened, by record) and their unlocked key, if any. `actor` goes into the audit."""

    actor: str
    person_id: int | None = None
    key: vault.UnlockedKey | None = None
    known: dict[Record, bytes] = field(default_factory=dict)


@dataclass
class Outcome:
    """What one reconciliation did: counts, for the caller's message and the tests."""

    wrapped: int = 0
    removed: int = 0
    queued: int = 0

    def add(self, other: Outcome) -> None:
        self.wrapped += other.wrapped
        self.removed += other.removed
        self.queued += other.queued


# --- who may read now ----------------------------------------------------------------------

def _case_of_message(session: Session, message_id: int) -> Case | None:
    return session.scalars(select(Case).join(
        WebReceipt, WebReceipt.source_key == Case.source_key).join(
        ReporterMessage, ReporterMessage.receipt_id == WebReceipt.id).where(
        ReporterMessage.id == message_id)).first()


def _event_contacts(session: Session, event_id: int | None) -> frozenset[int]:
    if event_id is None:
        return frozenset()
    return frozenset(session.scalars(select(ContactAssignment.person_id).where(
        ContactAssignment.event_id == event_id)))


def _note_subjects(session: Session, core: Core, note: ScreeningNote) -> frozenset[int]:
    return frozenset(pid for pid, name in session.execute(select(Person.id, Person.username))
                     if core.blind_index(name) == note.subject_index)


def readers(session: Session, core: Core, record: Record,
            officers: Officers | None = None) -> frozenset[int]:
    """Who the rules let read `record` now (R-IDs in `bvr.rules.access`); empty for a record
    that is gone or destroyed."""
    officers = officers if officers is not None else facts.officers(session)
    if record.kind is Kind.SCREENING_RUN:
        return access.screening_run_readers(officers)
    if record.kind is Kind.SCREENING_NOTE:
        note = session.get(ScreeningNote, record.id)
        return frozenset() if note is None else access.screening_note_readers(
            officers, _note_subjects(session, core, note))
    case = _case_of(session, record)
    if case is None or case.destroyed_at is not None:
        return frozenset()
    case_facts = facts.case_facts(session, core, case)
    if record.kind is Kind.CASE:
        return access.case_readers(case_facts, officers)
    if record.kind is Kind.CHANNEL:
        return access.channel_readers(case_facts, officers)
    if record.kind is Kind.INCIDENT:
        return access.incident_readers(case_facts, _event_contacts(session, case.event_id),
                                       officers)
    return access.register_entry_readers(case_facts, officers)


def _case_of(session: Session, record: Record) -> Case | None:
    if record.kind in {Kind.CASE, Kind.INCIDENT}:
        return session.get(Case, record.id)
    if record.kind is Kind.CHANNEL:
        return _case_of_message(session, record.id)
    sanction = session.get(Sanction, record.id)
    return None if sanction is None else session.get(Case, sanction.case_id)


# --- the wraps -----------------------------------------------------------------------------

def _wrap_rows(session: Session, record: Record) -> list[Any]:
    # CaseKey, ReporterMessageKey, IncidentCopy, ...: each has person_id and wrapped_key.
    model, column = _WRAPS[record.kind]
    return list(session.scalars(select(model).where(getattr(model, column) == record.id)))


def holders(session: Session, record: Record) -> frozenset[int]:
    """Who holds a wrap of `record` now."""
    return frozenset(row.person_id for row in _wrap_rows(session, record))


def _secret(session: Session, record: Record, keys: Keys) -> bytes | None:
    """What a new wrap needs: the data key (for an incident copy: the record's plain text,
    since each copy has a key of its own), if the acting person has it at hand."""
    if record in keys.known:
        return keys.known[record]
    if record.kind is Kind.INCIDENT:
        return _incident_text(session, record, keys)
    if keys.key is None or keys.person_id is None:
        return None
    for row in _wrap_rows(session, record):
        if row.person_id == keys.person_id:
            return keys.key.unwrap(row.wrapped_key)
    return None


def _incident_text(session: Session, record: Record, keys: Keys) -> bytes | None:
    """An on-site record's text: from the acting person's own copy, or from the case file
    (the report entry keeps the same record as `raw`) when they hold the case's key."""
    if keys.key is not None and keys.person_id is not None:
        own = session.scalars(select(IncidentCopy).where(
            IncidentCopy.case_id == record.id,
            IncidentCopy.person_id == keys.person_id)).first()
        if own is not None:
            return vault.decrypt(keys.key.unwrap(own.wrapped_key), own.sealed)
    case_key = _secret(session, Record(Kind.CASE, record.id), keys)
    if case_key is None:
        return None
    entry = session.scalars(select(CaseEntry).where(
        CaseEntry.case_id == record.id, CaseEntry.kind == EntryKind.REPORT)
        .order_by(CaseEntry.id)).first()
    if entry is None:
        return None
    raw = unseal(case_key, entry.ciphertext).get("raw", "")
    return str(raw).encode("utf-8") if raw else None


def _add_wrap(session: Session, core: Core, record: Record, person: Person,
              secret: bytes) -> None:
    assert person.public_key is not None
    if record.kind is Kind.INCIDENT:
        case = session.get_one(Case, record.id)
        assert case.event_id is not None
        copy_key = vault.new_data_key()
        session.add(IncidentCopy(case_id=record.id, person_id=person.id, event_id=case.event_id,
                                 created_at=core.now(),
                                 wrapped_key=vault.wrap(copy_key, person.public_key),
                                 sealed=vault.encrypt(copy_key, secret)))
        return
    model, column = _WRAPS[record.kind]
    session.add(model(**{column: record.id, "person_id": person.id,
                         "wrapped_key": vault.wrap(secret, person.public_key)}))


def _log(session: Session, core: Core, keys: Keys, action: str, record: Record,
         person_id: int) -> None:
    case = _case_of(session, record) if record.kind not in {
        Kind.SCREENING_RUN, Kind.SCREENING_NOTE} else None
    audit.append(session, at=core.now(), actor=keys.actor, action=action,
                 case_id=None if case is None else case.id,
                 detail=f"{record.kind.value}:{record.id} person:{person_id}")


# --- reconciling ---------------------------------------------------------------------------

def reconcile(session: Session, core: Core, record: Record, keys: Keys,
              officers: Officers | None = None) -> Outcome:
    """Bring `record`'s wraps in line with who may read it now (see the module docstring)."""
    session.flush()
    done = Outcome()
    allowed = readers(session, core, record, officers)
    with_key = frozenset(session.scalars(select(Person.id).where(
        Person.id.in_(allowed), Person.public_key.is_not(None)))) if allowed else frozenset()
    for row in _wrap_rows(session, record):
        person_id: int = row.person_id
        if person_id not in with_key:
            session.delete(row)
            done.removed += 1
            _log(session, core, keys, "key-removed", record, person_id)
    session.execute(delete(PendingWrap).where(
        PendingWrap.kind == record.kind.value, PendingWrap.record_id == record.id,
        PendingWrap.person_id.not_in(with_key)))
    session.flush()
    missing = with_key - holders(session, record)
    if not missing:
        return done
    secret = _secret(session, record, keys)
    queued = set(session.scalars(select(PendingWrap.person_id).where(
        PendingWrap.kind == record.kind.value, PendingWrap.record_id == record.id)))
    for person in session.scalars(select(Person).where(Person.id.in_(missing))
                                  .order_by(Person.id)):
        if secret is not None:
            _add_wrap(session, core, record, person, secret)
            done.wrapped += 1
            _log(session, core, keys, "key-wrapped", record, person.id)
        elif person.id not in queued:
            session.add(PendingWrap(kind=record.kind.value, record_id=record.id,
                                    person_id=person.id, queued_at=core.now()))
            done.queued += 1
            _log(session, core, keys, "key-queued", record, person.id)
    if secret is not None:
        session.execute(delete(PendingWrap).where(
            PendingWrap.kind == record.kind.value, PendingWrap.record_id == record.id))
    session.flush()
    return done


def case_records(session: Session, case: Case) -> list[Record]:
    """Every record whose readers follow this case: the file, the reporter's unadopted
    messages, the on-site record's copies, the register entries of its sanctions."""
    found = [Record(Kind.CASE, case.id)]
    if case.source_key is not None and case.source_key.startswith("web:"):
        found += [Record(Kind.CHANNEL, mid) for mid in session.scalars(
            select(ReporterMessage.id).join(WebReceipt, WebReceipt.id == ReporterMessage.receipt_id)
            .where(WebReceipt.source_key == case.source_key,
                   ReporterMessage.inbox_ciphertext.is_not(None)).order_by(ReporterMessage.id))]
    if case.channel is Channel.ON_SITE and case.event_id is not None:
        found.append(Record(Kind.INCIDENT, case.id))
    found += [Record(Kind.SANCTION, sid) for sid in session.scalars(
        select(Sanction.id).where(Sanction.case_id == case.id).order_by(Sanction.id))]
    return found


def forget_case(session: Session, case: Case) -> None:
    """Drop the wraps still queued for the records of `case` (its destruction, R-15.4): they
    hold no key, but would name who was meant to read a file that no longer exists."""
    for record in case_records(session, case):
        session.execute(delete(PendingWrap).where(PendingWrap.kind == record.kind.value,
                                                  PendingWrap.record_id == record.id))


def reconcile_records(session: Session, core: Core, records: Iterable[Record],
                      keys: Keys) -> Outcome:
    officers = facts.officers(session)
    done = Outcome()
    for record in records:
        done.add(reconcile(session, core, record, keys, officers))
    return done


def reconcile_case(session: Session, core: Core, case: Case, keys: Keys) -> Outcome:
    """After a change to one case: a conflict, a delegation, a referral, an appeal."""
    return reconcile_records(session, core, case_records(session, case), keys)


def reconcile_event(session: Session, core: Core, event_id: int, keys: Keys) -> Outcome:
    """After the event's contact persons changed: the copies of its on-site records."""
    cases = session.scalars(select(Case.id).where(
        Case.event_id == event_id, Case.channel == Channel.ON_SITE, Case.destroyed_at.is_(None)))
    return reconcile_records(session, core, [Record(Kind.INCIDENT, cid) for cid in cases], keys)


def all_records(session: Session) -> list[Record]:
    """Every record with wrapped keys (destroyed case files have none: the destruction job
    deletes them, bvr/services/retention.py)."""
    found: list[Record] = []
    for case in session.scalars(select(Case).where(Case.destroyed_at.is_(None))
                                .order_by(Case.id)):
        found += case_records(session, case)
    found += [Record(Kind.SCREENING_RUN, rid) for rid in session.scalars(
        select(ScreeningRun.id).order_by(ScreeningRun.id))]
    found += [Record(Kind.SCREENING_NOTE, nid) for nid in session.scalars(
        select(ScreeningNote.id).order_by(ScreeningNote.id))]
    return found


def reconcile_all(session: Session, core: Core, keys: Keys) -> Outcome:
    """After a change to who holds which role (or who has a key): every record."""
    return reconcile_records(session, core, all_records(session), keys)


# --- pending wraps -------------------------------------------------------------------------

def complete_pending(session: Session, core: Core, person: Person,
                     key: vault.UnlockedKey) -> Outcome:
    """`person` just unlocked: complete every pending wrap of a record they hold a key to (and
    re-check each against the rules first, as `reconcile` does)."""
    rows = session.execute(select(PendingWrap.kind, PendingWrap.record_id).distinct()).all()
    keys = Keys(actor=f"person:{person.id}", person_id=person.id, key=key)
    return reconcile_records(session, core, (Record(Kind(kind), rid) for kind, rid in rows),
                             keys)


def any_pending(session: Session) -> bool:
    return session.scalars(select(PendingWrap.id).limit(1)).first() is not None


def pending_for_case(session: Session, case: Case) -> int:
    """How many wraps of this case's records wait for a key holder (shown on the case page)."""
    count = 0
    for record in case_records(session, case):
        count += len(session.scalars(select(PendingWrap.id).where(
            PendingWrap.kind == record.kind.value, PendingWrap.record_id == record.id)).all())
    return count


def pending_for_person(session: Session, person_id: int) -> int:
    """How many wraps wait for a key holder before `person_id` can read what they may."""
    return len(session.scalars(select(PendingWrap.id).where(
        PendingWrap.person_id == person_id)).all())


def incident_text(record: dict[str, object]) -> bytes:
    """How an on-site record is written into its copies (the same as the case's `raw`)."""
    return json.dumps(record, default=str, ensure_ascii=False).encode("utf-8")
