"""Bringing stored blind indexes to the current normalisation of usernames.

A blind index is a keyed hash of the normalised username (`bvr.vault.blind_index`). When the
normalisation changes (issue 11: MediaWiki's own title rules, `bvr.usernames.INDEX_VERSION`
2), the stored indexes must be recomputed from the names, and the names are encrypted: only
someone who can open a row can bring it up to date. So every row records the version it was
written with (`blind_index_version`); `reindex` recomputes the rows that one key holder can
open (`bvr vault reindex`, and at every unlock on the desk), and `stale_rows` says how many
rows no one has brought up to date yet (`bvr vault index-status`).

Until then, lookups also try the old index (`Core.blind_indexes`), so nothing that matched
before stops matching; what only the new normalisation finds ("Dora\u200eDirector" is Dora
Director) is found for a row once it is reindexed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bvr import vault
from bvr.services import people
from bvr.services.content import seal, unseal
from bvr.services.core import Core
from bvr.storage import audit
from bvr.storage.models import CaseKey, Party, Sanction, SanctionKey
from bvr.storage.models_screening import ScreeningNote, ScreeningNoteKey
from bvr.usernames import INDEX_VERSION


@dataclass(frozen=True)
class Reindexed:
    done: int  # rows brought to INDEX_VERSION now
    stale: int  # rows still on an older version (others must open them)


def stale_rows(session: Session) -> int:
    """How many rows carry a blind index of an older normalisation."""
    return sum(session.scalar(select(func.count()).select_from(model).where(
        model.blind_index_version < INDEX_VERSION)) or 0
        for model in (Party, Sanction, ScreeningNote))


def stale_count(core: Core) -> int:
    with core.database.transaction() as session:
        return stale_rows(session)


def reindex(core: Core, username: str, key: vault.UnlockedKey) -> Reindexed:
    """Recompute, in one unit of work, every stale row that `username` can open."""
    with core.database.transaction() as session:
        person = people.get(session, username)
        done = (_parties(session, core, person.id, key) + _sanctions(session, core, person.id, key)
                + _notes(session, core, person.id, key))
        if done:
            audit.append(session, at=core.now(), actor=f"person:{person.id}",
                         action="vault-reindexed", detail=f"rows:{done}")
        return Reindexed(done, stale_rows(session))


def after_unlock(core: Core, username: str, key: vault.UnlockedKey) -> None:
    """At every unlock on the desk: bring what this person can open up to date, so stale
    rows disappear as key holders come by, without anyone having to remember the command."""
    if stale_count(core):
        reindex(core, username, key)


def _stale(session: Session, person_id: int, row_type: Any, key_type: Any,
           link: Any) -> list[tuple[Any, bytes]]:
    """The rows of `row_type` on an older index version that this person holds a key for
    (`key_type`, joined on `link`), each with that key still wrapped."""
    return [(row, wrapped) for row, wrapped in session.execute(
        select(row_type, key_type.wrapped_key).join(key_type, link).where(
            key_type.person_id == person_id,
            row_type.blind_index_version < INDEX_VERSION)).all()]


def _parties(session: Session, core: Core, person_id: int, key: vault.UnlockedKey) -> int:
    rows = _stale(session, person_id, Party, CaseKey, CaseKey.case_id == Party.case_id)
    for party, wrapped in rows:
        username = str(unseal(key.unwrap(wrapped), party.ciphertext).get("username") or "")
        party.blind_index = core.blind_index(username) if username else None
        party.blind_index_version = INDEX_VERSION
    return len(rows)


def _sanctions(session: Session, core: Core, person_id: int, key: vault.UnlockedKey) -> int:
    rows = _stale(session, person_id, Sanction, SanctionKey,
                  SanctionKey.sanction_id == Sanction.id)
    for sanction, wrapped in rows:
        if sanction.respondent_index is not None:  # None: the entry was destroyed
            sanction.respondent_index, sanction.register_ciphertext = _resealed(
                core, key.unwrap(wrapped), sanction.register_ciphertext, "username")
        sanction.blind_index_version = INDEX_VERSION
    return len(rows)


def _notes(session: Session, core: Core, person_id: int, key: vault.UnlockedKey) -> int:
    rows = _stale(session, person_id, ScreeningNote, ScreeningNoteKey,
                  ScreeningNoteKey.note_id == ScreeningNote.id)
    for note, wrapped in rows:
        note.subject_index, note.ciphertext = _resealed(core, key.unwrap(wrapped),
                                                        note.ciphertext, "subject")
        note.blind_index_version = INDEX_VERSION
    return len(rows)


def _resealed(core: Core, data_key: bytes, sealed: bytes, field: str) -> tuple[str, bytes]:
    """The current index of a sealed record's name `field`, and the record sealed again with
    that name written as the current normalisation writes it."""
    content = unseal(data_key, sealed)
    return core.blind_index(str(content[field])), seal(data_key, _renamed(content, field))


def _renamed(content: dict[str, object], field: str) -> dict[str, object]:
    """The entry with its name written as the current normalisation writes it, so the
    register shows "DoraDirector" and not "User:DoraDirector"."""
    return {**content, field: vault.normalise_username(str(content[field]))}
