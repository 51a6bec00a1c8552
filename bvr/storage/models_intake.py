"""The intake job's progress per report, so a crash at any point loses and doubles nothing.

One row per wiki report, keyed like its case file (`source_key`, wiki + first revision id).
Each step of the order of work (store, alert, delete and hide, tell the reporter) sets its
timestamp once done; a restarted job finishes the steps that have none. Nothing here names
anyone: the page title is a timestamp under the report prefix, and who reported is read
from the wiki again (the deleted revision's author) when the reporter must still be told.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from bvr.storage.models import Base, UtcDateTime


class IntakeItem(Base):
    __tablename__ = "intake_item"
    id: Mapped[int] = mapped_column(primary_key=True)
    source_key: Mapped[str] = mapped_column(String(191), unique=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"))
    page_id: Mapped[int] = mapped_column()
    title: Mapped[str] = mapped_column(String(255))  # "BVR-melding/<timestamp>": names nobody
    language: Mapped[str] = mapped_column(String(8))  # the reporter's, for the email
    filed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    alerted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # emergency fast track
    hidden_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # deleted and hidden
    told_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # the reporter step is done
    # How the reporter step ended: "sent", "no-email" (wiki cannot reach them), "no-account"
    # (saved without an account). The case desk shows anything but "sent" as "not told".
    told: Mapped[str | None] = mapped_column(String(20))
