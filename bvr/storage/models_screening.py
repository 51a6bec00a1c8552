"""Tables of pre-event screening (R-6.1, R-6.2, flow 6).

Nothing here names anyone. A stored run is ciphertext under its own data key, wrapped to the
director and the board member BVR (`screening_run_key`); its per-participant fingerprints are
a blind index and a keyed digest of the outcome, so a re-check can tell that something changed
without decrypting. Notes of R-6.1(b) are ciphertext with the subject as a blind index. The
response cache and the re-check schedules are encrypted with a key derived from the blind-index
key, which lives in the environment only: a copy of the database reveals no name.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bvr.storage.models import INDEX_VERSION_COLUMN, Base, Blob, UtcDateTime


class ScreeningSchedule(Base):
    """Re-check the same source every `every_hours` until the event starts (`until`)."""

    __tablename__ = "screening_schedule"
    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    until: Mapped[datetime] = mapped_column(UtcDateTime)
    every_hours: Mapped[int] = mapped_column(Integer)
    next_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_run_id: Mapped[int | None] = mapped_column(Integer)  # no foreign key: runs point here
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    source_ciphertext: Mapped[bytes] = mapped_column(Blob)  # the page, event id or file


class ScreeningRun(Base):
    """One screening (R-6.1): counts in the clear, everything else encrypted."""

    __tablename__ = "screening_run"
    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    source_kind: Mapped[str] = mapped_column(String(20))  # "page", "campaign-event", "csv"
    participants: Mapped[int] = mapped_column(Integer)
    flagged: Mapped[int] = mapped_column(Integer)
    schedule_id: Mapped[int | None] = mapped_column(ForeignKey("screening_schedule.id"))
    ciphertext: Mapped[bytes] = mapped_column(Blob)


class ScreeningRunKey(Base):
    """A run's data key wrapped to the director or the board member BVR."""

    __tablename__ = "screening_run_key"
    __table_args__ = (UniqueConstraint("run_id", "person_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("screening_run.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    wrapped_key: Mapped[bytes] = mapped_column(LargeBinary(128))


class ScreeningFingerprint(Base):
    """Per participant of a run: blind index and keyed digest of the outcome."""

    __tablename__ = "screening_fingerprint"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("screening_run.id"), index=True)
    subject_index: Mapped[str] = mapped_column(String(64))
    digest: Mapped[str] = mapped_column(String(64))


class ScreeningNote(Base):
    """R-6.1(b): a recorded note on behaviour elsewhere, about a wiki user (blind index)."""

    __tablename__ = "screening_note"
    id: Mapped[int] = mapped_column(primary_key=True)
    subject_index: Mapped[str] = mapped_column(String(64), index=True)
    blind_index_version: Mapped[int] = mapped_column(**INDEX_VERSION_COLUMN)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    author_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    ciphertext: Mapped[bytes] = mapped_column(Blob)


class ScreeningNoteKey(Base):
    __tablename__ = "screening_note_key"
    __table_args__ = (UniqueConstraint("note_id", "person_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("screening_note.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    wrapped_key: Mapped[bytes] = mapped_column(LargeBinary(128))


class ScreeningCacheBundle(Base):
    """The cached answers written together (one check on one wiki: a batch of names),
    encrypted as one: a run caches thousands of items, and one encryption per item cost more
    than asking the wikis."""

    __tablename__ = "screening_cache_bundle"
    id: Mapped[int] = mapped_column(primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    ciphertext: Mapped[bytes] = mapped_column(Blob)  # {item key: answer}


class ScreeningCacheEntry(Base):
    """Where the cached answer about one item (a name on a wiki for a check, a page) is."""

    __tablename__ = "screening_cache"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)  # keyed hash of the item
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    bundle_id: Mapped[int] = mapped_column(Integer, index=True)  # no foreign key: swept by age
