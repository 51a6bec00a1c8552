"""Tables of the keyring (issue 11): wraps waiting for a key holder, and the board's referral
to decide a sanction (d)-(f).

A *pending wrap* says "person P may read record R now, but nobody who holds R's data key was
unlocked when that became true". It holds no key material: it is a to-do that the next key
holder of R who unlocks completes (`bvr.services.keyring.complete_pending`). A copy of the
database learns from it only what `case_key` rows already tell: who is meant to read what.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bvr.storage.models import Base, UtcDateTime


class PendingWrap(Base):
    """A data key still to be wrapped to `person_id` for one record (`kind`, `record_id`)."""

    __tablename__ = "pending_wrap"
    __table_args__ = (UniqueConstraint("kind", "record_id", "person_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    # "case", "channel", "incident", "sanction", "screening_run", "screening_note"
    kind: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[int] = mapped_column(Integer)  # no foreign key: the kinds differ
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    queued_at: Mapped[datetime] = mapped_column(UtcDateTime)


class BoardReferral(Base):
    """R-11.3, R-10.3: the case was put before the board to decide a sanction (d)-(f); its
    uninvolved members read the file until the decision is announced (`ended_at`)."""

    __tablename__ = "board_referral"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    referred_at: Mapped[datetime] = mapped_column(UtcDateTime)
    referred_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
