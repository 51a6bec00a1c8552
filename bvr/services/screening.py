"""Screening runs, notes and measures (R-6.1, R-6.2), kept as the vault keeps case content.

- A run is stored encrypted under its own data key, wrapped to the director and the board
  member BVR only (ARCHITECTURE.md, "a screening run by the director and the board member
  BVR"); only they read it back, and every read is audited.
- Exclusions in force (R-6.1(a): sanctions (b) and (d)) and notes (R-6.1(b)) are matched by
  blind index: screening decrypts nothing of the association's records. Other sanctions in
  force are shown as information, not as a flag.
- A note on behaviour elsewhere may be written by anyone who may enter a report (writing needs
  only public keys) and is readable by the director and the board member BVR.
- A measure (a talk about expected behaviour, a preventive exclusion with its letter) goes into
  a case file as a `MEASURE` entry (R-6.2), through `casefiles.add_entry`.
- The response cache and the re-check schedules must work unattended, so they are encrypted
  with a key derived from the blind-index key (environment only), never stored.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import nacl.encoding
import nacl.hash
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from bvr import vault
from bvr.domain import EntryKind, Role, SanctionType
from bvr.errors import BvrError
from bvr.i18n import translate
from bvr.rules import access, sanctions
from bvr.rules.verdict import ALLOWED, Verdict, refuse, require
from bvr.services import casefiles, decisions, facts, keyring, people
from bvr.services.content import seal, unseal
from bvr.services.core import Core
from bvr.storage import audit
from bvr.storage.models import Person
from bvr.storage.models_screening import (
    ScreeningCacheBundle,
    ScreeningCacheEntry,
    ScreeningFingerprint,
    ScreeningNote,
    ScreeningNoteKey,
    ScreeningRun,
    ScreeningRunKey,
    ScreeningSchedule,
)

#: Who reads screening runs and notes (ARCHITECTURE.md, R-6.2: they decide on measures).
READER_ROLES = access.SCREENING_ROLES
MEASURES = ("talk", "preventive_exclusion")


@dataclass(frozen=True)
class RunSummary:
    id: int
    created_at: datetime
    source_kind: str
    participants: int
    flagged: int


def may_read(roles: frozenset[Role]) -> Verdict:
    """Only the director and the board member BVR read screening runs and notes."""
    if roles & READER_ROLES:
        return ALLOWED
    return refuse("R-6.2", "screening-access-refused")


def text(key: str, lang: str, **params: object) -> str:
    return translate(key, lang, **params)


def has_readers(core: Core) -> bool:
    """Whether anyone could read a stored run: checked before any wiki is asked."""
    with core.database.transaction() as session:
        return bool(_readers(session))


# Runs -------------------------------------------------------------------------------------

def store_run(core: Core, report: dict[str, Any], source: dict[str, Any], *,
              schedule_id: int | None = None) -> int:
    """Store a run's report encrypted for its readers; returns the run id."""
    participants = report.get("participants", [])
    data_key = vault.new_data_key()
    with core.database.transaction() as session:
        readers = _readers(session)
        if not readers:
            raise BvrError("screening-no-readers")
        run = ScreeningRun(created_at=core.now(), source_kind=str(source.get("kind", "")),
                           participants=len(participants),
                           flagged=sum(1 for p in participants if p["status"] != "clean"),
                           schedule_id=schedule_id,
                           ciphertext=seal(data_key, {"source": source, "report": report}))
        session.add(run)
        session.flush()
        record = keyring.Record(keyring.Kind.SCREENING_RUN, run.id)
        keyring.reconcile(session, core, record,
                          keyring.Keys(actor="screening", known={record: data_key}))
        for participant in participants:
            session.add(ScreeningFingerprint(
                run_id=run.id, subject_index=core.blind_index(participant["name"]),
                digest=_digest(core, participant)))
        audit.append(session, at=core.now(), actor="screening", action="screening-stored",
                     detail=f"run:{run.id}")
        return run.id


def read_run(core: Core, run_id: int, username: str, key: vault.UnlockedKey) -> dict[str, Any]:
    """The stored run (source and report), for the director and the board member BVR."""
    with core.database.transaction() as session:
        person = _reader(session, username)
        run = session.get(ScreeningRun, run_id)
        wrapped = session.scalars(select(ScreeningRunKey.wrapped_key).where(
            ScreeningRunKey.run_id == run_id, ScreeningRunKey.person_id == person.id)).first()
        if run is None or wrapped is None:
            raise BvrError("screening-run-unknown", run=run_id)
        audit.append(session, at=core.now(), actor=f"person:{person.id}",
                     action="screening-read", detail=f"run:{run_id}")
        return unseal(key.unwrap(wrapped), run.ciphertext)


def list_runs(core: Core, username: str) -> list[RunSummary]:
    with core.database.transaction() as session:
        _reader(session, username)
        return [RunSummary(r.id, r.created_at, r.source_kind, r.participants, r.flagged)
                for r in session.scalars(select(ScreeningRun).order_by(ScreeningRun.id))]


def readable_runs(core: Core, username: str) -> list[RunSummary]:
    """The runs this reader can open (wrapped to their key), newest first: the desk's list,
    which names no run that would answer "screening-run-unknown"."""
    with core.database.transaction() as session:
        person = _reader(session, username)
        return [RunSummary(r.id, r.created_at, r.source_kind, r.participants, r.flagged)
                for r in session.scalars(select(ScreeningRun).join(
                    ScreeningRunKey, ScreeningRunKey.run_id == ScreeningRun.id).where(
                    ScreeningRunKey.person_id == person.id).order_by(ScreeningRun.id.desc()))]


def changed(core: Core, before: int, after: int) -> int:
    """How many participants differ between two runs (new, gone or another outcome), from
    the fingerprints alone: an unattended re-check learns *that* something changed."""
    with core.database.transaction() as session:
        old, new = (dict(session.execute(select(
            ScreeningFingerprint.subject_index, ScreeningFingerprint.digest).where(
            ScreeningFingerprint.run_id == run)).all()) for run in (before, after))
    return sum(1 for index in old.keys() | new.keys() if old.get(index) != new.get(index))


def _digest(core: Core, participant: dict[str, Any]) -> str:
    outcome = json.dumps([participant["status"], sorted(
        (f["check"], f["kind"], f["source"], f["log_id"], f["expiry"])
        for f in participant["findings"])], sort_keys=True)
    return hashlib.blake2b(outcome.encode("utf-8"), key=core.index_key[:64],
                           digest_size=32).hexdigest()


# The association's records, by blind index -------------------------------------------------

class Records:
    """What `bot.screening.run` asks of the association's records, for one day."""

    def __init__(self, core: Core, day: date) -> None:
        self.core = core
        self.day = day
        self._cache: dict[str, frozenset[SanctionType]] | None = None

    def sanctioned(self, names: Sequence[str]) -> set[str]:
        """R-6.1(a): names with a WMNL exclusion, (b) or (d), in force (blind index, no
        decryption): these flag the participant."""
        return {name for name, kinds in self._in_force(names).items()
                if kinds & sanctions.EXCLUSIONS}

    def other_sanctions(self, names: Sequence[str]) -> dict[str, list[str]]:
        """Names with other WMNL sanctions in force (a no-contact order, "other"), and their
        types: shown as information, not as a flag (R-6.1(a) asks about exclusions)."""
        found = {name: sorted(kind.value for kind in kinds - sanctions.EXCLUSIONS)
                 for name, kinds in self._in_force(names).items()}
        return {name: kinds for name, kinds in found.items() if kinds}

    def _in_force(self, names: Sequence[str]) -> dict[str, frozenset[SanctionType]]:
        if self._cache is None:
            self._cache = {}
        for name in names:
            if name not in self._cache:
                self._cache[name] = decisions.sanctions_in_force(self.core, name, self.day)
        return {name: self._cache[name] for name in names}

    def noted(self, names: Sequence[str]) -> dict[str, list[int]]:
        """R-6.1(b): name -> ids of notes about that user."""
        by_index = {index: name for name in names for index in self.core.blind_indexes(name)}
        found: dict[str, list[int]] = {}
        with self.core.database.transaction() as session:
            rows = session.execute(select(ScreeningNote.id, ScreeningNote.subject_index)
                                   .order_by(ScreeningNote.id)).all()
        for note_id, index in rows:
            if index in by_index:
                found.setdefault(by_index[index], []).append(note_id)
        return found


# Notes of R-6.1(b) ----------------------------------------------------------------------------

def add_note(core: Core, username: str, subject: str, text: str) -> int:
    """Record behaviour elsewhere that evidently conflicts with the policy (R-6.1(b))."""
    if not text.strip():
        raise BvrError("screening-note-empty")
    data_key = vault.new_data_key()
    with core.database.transaction() as session:
        author = people.get(session, username)
        require(access.may_enter_report(facts.actor(session, author)))
        readers = _readers(session)
        if not readers:
            raise BvrError("screening-no-readers")
        note = ScreeningNote(subject_index=core.blind_index(subject), created_at=core.now(),
                             author_id=author.id, ciphertext=seal(data_key, {
                                 "subject": vault.normalise_username(subject), "text": text}))
        session.add(note)
        session.flush()
        # to its readers, never to an officer the note is about (`keyring`).
        record = keyring.Record(keyring.Kind.SCREENING_NOTE, note.id)
        if not keyring.reconcile(session, core, record, keyring.Keys(
                actor=f"person:{author.id}", known={record: data_key})).wrapped:
            raise BvrError("screening-no-readers")
        audit.append(session, at=core.now(), actor=f"person:{author.id}",
                     action="screening-note-added", detail=f"note:{note.id}")
        return note.id


def read_notes(core: Core, username: str, key: vault.UnlockedKey,
               subject: str) -> list[dict[str, Any]]:
    with core.database.transaction() as session:
        person = _reader(session, username)
        rows = session.execute(select(ScreeningNote, ScreeningNoteKey.wrapped_key).join(
            ScreeningNoteKey, ScreeningNoteKey.note_id == ScreeningNote.id).where(
            ScreeningNote.subject_index.in_(core.blind_indexes(subject)),
            ScreeningNoteKey.person_id == person.id).order_by(ScreeningNote.id)).all()
        audit.append(session, at=core.now(), actor=f"person:{person.id}",
                     action="screening-notes-read")
        return [{"id": note.id, "created_at": note.created_at,
                 **unseal(key.unwrap(wrapped), note.ciphertext)} for note, wrapped in rows]


# Measures of R-6.2 ----------------------------------------------------------------------------

def exclusion_letter(lang: str, *, association: str, username: str, event: str,
                     reason: str, contact: str, day: date) -> str:
    """The written communication of a preventive exclusion (R-6.2), from the template."""
    return translate("screening-letter-exclusion", lang, association=association,
                     username=username, event=event, reason=reason, contact=contact,
                     date=day.isoformat())


def record_measure(core: Core, number: str, username: str, key: vault.UnlockedKey, *,
                   participant: str, measure: str, event: str, reason: str,
                   lang: str, run_id: int | None = None) -> str:
    """Record a measure in case file `number` (R-6.2); returns the letter for a preventive
    exclusion (empty for a talk). Who may do this is decided by the case file's access rules
    and by `may_read`: the director or the board member BVR."""
    if measure not in MEASURES:
        raise BvrError("screening-measure-unknown", measure=measure,
                       choices=", ".join(MEASURES))
    with core.database.transaction() as session:
        _reader(session, username)
    letter = ""
    if measure == "preventive_exclusion":
        letter = exclusion_letter(lang, association=core.config.association,
                                  username=vault.normalise_username(participant), event=event,
                                  reason=reason, contact=username,
                                  day=core.now().astimezone(core.config.zone).date())
    casefiles.add_entry(core, number, username, key, EntryKind.MEASURE, {
        "measure": measure, "participant": vault.normalise_username(participant),
        "event": event, "reason": reason, "letter": letter, "language": lang,
        "screening_run": run_id, "rule": "R-6.2"})
    return letter


# Response cache ------------------------------------------------------------------------------

class ResponseCache:
    """`bot.screening.wikiapi.ResponseCache` in the database: keyed-hash keys, the answers of
    one `put_many` encrypted together as one bundle, a time to live. Expired entries and
    bundles are deleted when new ones are written."""

    def __init__(self, core: Core, minutes: int) -> None:
        self.core = core
        self.ttl = timedelta(minutes=minutes)
        # Derived once: a run reads and writes thousands of items (one per name and wiki).
        self._secret = _job_key(core)  # for the keyed hashes and the encryption alike

    def _key(self, item: str) -> str:
        return hashlib.blake2b(item.encode("utf-8"), key=self._secret,
                               digest_size=32).hexdigest()

    def get_many(self, keys: Sequence[str]) -> dict[str, Any]:
        if not keys or self.ttl <= timedelta(0):
            return {}
        hashed = {self._key(item): item for item in keys}
        now = self.core.now()
        where: dict[int, list[str]] = {}  # bundle id -> hashed keys to take from it
        with self.core.database.transaction() as session:
            for chunk in _chunks(list(hashed), 500):
                # Plain rows, not ORM objects: nothing is changed, and thousands are read.
                for key, bundle_id in session.execute(select(
                        ScreeningCacheEntry.key, ScreeningCacheEntry.bundle_id).where(
                        ScreeningCacheEntry.key.in_(chunk),
                        ScreeningCacheEntry.expires_at > now)):
                    where.setdefault(bundle_id, []).append(key)
            bundles = dict(session.execute(select(
                ScreeningCacheBundle.id, ScreeningCacheBundle.ciphertext).where(
                ScreeningCacheBundle.id.in_(list(where)))).all()) if where else {}
        found: dict[str, Any] = {}
        for bundle_id, wanted in where.items():
            answers = unseal(self._secret, bundles[bundle_id])
            found.update((hashed[key], answers[key]) for key in wanted)
        return found

    def put_many(self, items: dict[str, Any]) -> None:
        if not items or self.ttl <= timedelta(0):
            return
        now = self.core.now()
        expires = now + self.ttl
        hashed = {self._key(item): value for item, value in items.items()}
        with self.core.database.transaction() as session:
            for table in (ScreeningCacheEntry, ScreeningCacheBundle):
                session.execute(delete(table).where(table.expires_at <= now))
            for chunk in _chunks(list(hashed), 500):
                session.execute(delete(ScreeningCacheEntry).where(
                    ScreeningCacheEntry.key.in_(chunk)))
            bundle = ScreeningCacheBundle(expires_at=expires,
                                          ciphertext=seal(self._secret, hashed))
            session.add(bundle)
            session.flush()
            session.execute(insert(ScreeningCacheEntry), [  # one bulk insert, not ORM objects
                {"key": key, "expires_at": expires, "bundle_id": bundle.id} for key in hashed])


def _job_key(core: Core) -> bytes:
    """A key for what unattended jobs must read back (cache, schedules), derived from the
    blind-index key in the environment (BLAKE2b keyed, with its own personalisation)."""
    return nacl.hash.blake2b(b"bvr screening job key", key=core.index_key[:64],
                             digest_size=vault.DATA_KEY_BYTES, person=b"bvr-screening",
                             encoder=nacl.encoding.RawEncoder)


def _chunks(items: list[str], size: int) -> list[list[str]]:
    return [items[i:i + size] for i in range(0, len(items), size)]


# Re-check schedules ----------------------------------------------------------------------------

def schedule(core: Core, source: dict[str, Any], until: datetime, every_hours: int,
             last_run_id: int | None = None) -> int:
    """Re-check `source` every `every_hours` until the event starts (`until`)."""
    now = core.now()
    with core.database.transaction() as session:
        row = ScreeningSchedule(created_at=now, until=until, every_hours=every_hours,
                                next_at=now + timedelta(hours=every_hours),
                                last_run_id=last_run_id, active=True,
                                source_ciphertext=seal(_job_key(core), source))
        session.add(row)
        session.flush()
        audit.append(session, at=now, actor="screening", action="screening-scheduled",
                     detail=f"schedule:{row.id}")
        return row.id


@dataclass(frozen=True)
class DueCheck:
    schedule_id: int
    source: dict[str, Any]
    last_run_id: int | None


def due(core: Core) -> list[DueCheck]:
    """Active schedules whose time has come; schedules past their event are closed."""
    now = core.now()
    found = []
    with core.database.transaction() as session:
        for row in session.scalars(select(ScreeningSchedule).where(
                ScreeningSchedule.active.is_(True)).order_by(ScreeningSchedule.id)):
            if row.until <= now:
                row.active = False
            elif row.next_at <= now:
                found.append(DueCheck(row.id, unseal(_job_key(core), row.source_ciphertext),
                                      row.last_run_id))
    return found


def ran(core: Core, schedule_id: int, run_id: int) -> None:
    with core.database.transaction() as session:
        row = session.get_one(ScreeningSchedule, schedule_id)
        row.last_run_id = run_id
        row.next_at = core.now() + timedelta(hours=row.every_hours)


def alert_recipients(core: Core) -> list[tuple[str, str]]:
    """(email, language) of the director and the board member BVR."""
    with core.database.transaction() as session:
        return [(p.email, p.language) for p in people.holders(session, READER_ROLES)
                if p.email]


# Helpers -----------------------------------------------------------------------------------

def _readers(session: Session) -> list[Person]:
    return [p for p in people.holders(session, READER_ROLES) if p.public_key is not None]


def _reader(session: Session, username: str) -> Person:
    person = people.get(session, username)
    require(may_read(people.current_roles(session, person.id)))
    return person
