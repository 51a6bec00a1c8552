"""Tables of the housekeeping jobs: who must sign without holding a role (R-4.1), when they
are re-appointed (R-4.2), and which reminders went out (so a daily job never repeats one).

Nothing here identifies a party to a case: `person_id` points at officers and volunteers in
the register, and a reminder's `subject` is a row id ("case:7", "sanction:3") or a blind index
("user:<hex>") for a wiki user who is not in the register.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bvr.storage.models import Base, UtcDateTime


class SigningCategory(Base):
    """R-4.1: a capacity in which someone must sign that is not a role in the system (staff,
    intern, volunteer, contractor, executive volunteer at events...), for a period."""

    __tablename__ = "signing_category"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    category: Mapped[str] = mapped_column(String(40))  # bvr.rules.acknowledgements.Category
    since: Mapped[date] = mapped_column(Date)
    until: Mapped[date | None] = mapped_column(Date)  # None: still holds it


class Reappointment(Base):
    """R-4.2: a re-election or re-appointment (past or planned) that ends an acknowledgement."""

    __tablename__ = "reappointment"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    reappointed_on: Mapped[date] = mapped_column(Date)


class ReminderSent(Base):
    """A reminder that went out: `(subject, kind, stage, due_on)` is sent at most once."""

    __tablename__ = "reminder_sent"
    __table_args__ = (UniqueConstraint("subject", "kind", "stage", "due_on"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(80))  # "case:7", "sanction:3", "user:<index>"
    kind: Mapped[str] = mapped_column(String(20))  # an R-ID: "R-10.3", "R-17.2", "R-4.2"...
    stage: Mapped[str] = mapped_column(String(20))  # "due_soon", "overdue", "missing"...
    due_on: Mapped[date] = mapped_column(Date)
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime)
