"""The investigation's steps per party (R-10.1 to R-10.3), as plain metadata.

One row per step recorded for one party of a case: informed about the process, the
investigators or the timeline (R-10.1), a hearing offered, held or declined (R-10.2), the draft
discussed or declined (R-10.3). A row holds ids, a step, an outcome and a date: no name and no
text (the notes of a hearing, the comments on a draft are case entries, encrypted). So the
deadlines page and the unattended reminders can see what is missing without a key, and the
row names nobody. Destruction finds the rows through `case_id` (R-15.4).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from bvr.storage.models import Base, UtcDateTime


class InvestigationStep(Base):
    """One step of `bvr.rules.investigation.Step` for one party, with its outcome."""

    __tablename__ = "investigation_step"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("party.id"))
    step: Mapped[str] = mapped_column(String(30))  # a rules.investigation.Step value
    outcome: Mapped[str] = mapped_column(String(20))  # a rules.investigation.Outcome value
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
