"""Retention links (R-15.5): an older case file kept at least as long as newer files.

A file may be linked to several newer files (the same person sanctioned again, and again), so
links are rows, never one column that a later link would overwrite. `bvr.rules.retention`
follows them, chains included, and the latest date wins.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bvr.storage.models import Base, UtcDateTime


class RetentionLink(Base):
    """R-15.5: case `case_id` is kept at least as long as the newer case `linked_to_id`."""

    __tablename__ = "retention_link"
    __table_args__ = (UniqueConstraint("case_id", "linked_to_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"))
    linked_to_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    # When the link was made; None for links carried over from the single link column.
    linked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
