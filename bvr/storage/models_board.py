"""Tables of the board's decisions as a body (R-2.1, R-11.3, R-16.2) and of the contact
persons' on-site measures (R-8.4, R-16.4).

A *board motion* is a decision put to the board: a sanction (d)-(f) or the decision on an
appeal the board hears. What it says (the sanction's terms, the person it concerns, the
reasoning) is sealed with the case's data key, like an entry of the file; each member's vote is
a row here (for or against) and its reason an entry in the file. An *on-site measure* is the
decision a contact person took during an event: its type and dates are plain, like a
sanction's; who it concerns is in the incident record, in the file.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bvr.domain import SanctionType
from bvr.storage.models import Base, Blob, UtcDateTime, _enum


class BoardMotion(Base):
    """A decision put to the board's vote (R-2.1)."""

    __tablename__ = "board_motion"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # "sanction" or "appeal"
    proposed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    proposed_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    sealed: Mapped[bytes] = mapped_column(Blob)  # what is proposed, with the case's key
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    outcome: Mapped[str | None] = mapped_column(String(20))  # "taken", "rejected"


class BoardVote(Base):
    """One board member's vote on a motion; the reason is an entry in the case file."""

    __tablename__ = "board_vote"
    __table_args__ = (UniqueConstraint("motion_id", "person_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    motion_id: Mapped[int] = mapped_column(ForeignKey("board_motion.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    in_favour: Mapped[bool] = mapped_column(Boolean)
    voted_at: Mapped[datetime] = mapped_column(UtcDateTime)


class OnSiteMeasure(Base):
    """R-8.4: a measure a contact person took during an event, a decision of theirs, until the
    director or the board member BVR confirms it (`confirmed_at`)."""

    __tablename__ = "on_site_measure"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    type: Mapped[SanctionType] = mapped_column(_enum(SanctionType))
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    withdrawn_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # an upheld appeal
