"""The yearly figures of R-14.4, computed from metadata only (no key is needed, and the
figures survive the destruction of case files at the end of retention)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import QueryableAttribute

from bvr.domain import SanctionType
from bvr.services.core import Core
from bvr.storage.models import Appeal, Case, Sanction


@dataclass(frozen=True)
class YearlyFigures:
    year: int
    received: int  # every report received, also anonymous ones never confirmed
    taken_into_handling: int
    sanctions: dict[SanctionType, int]  # every type, zero included, so tables stay stable
    appeals: int

    def as_dict(self) -> dict[str, object]:
        return {"year": self.year, "received": self.received,
                "taken_into_handling": self.taken_into_handling,
                "sanctions": {kind.value: count for kind, count in self.sanctions.items()},
                "appeals": self.appeals}


def yearly_figures(core: Core, year: int) -> YearlyFigures:
    # The year is the association's calendar year, in its own time zone.
    start = datetime(year, 1, 1, tzinfo=core.config.zone)
    end = datetime(year + 1, 1, 1, tzinfo=core.config.zone)

    def within(column: QueryableAttribute[Any]) -> ColumnElement[bool]:
        return (column >= start) & (column < end)

    with core.database.transaction() as session:
        def count(column: QueryableAttribute[Any]) -> int:
            return session.scalar(select(func.count()).where(within(column))) or 0

        by_type = dict.fromkeys(SanctionType, 0)
        for kind, number in session.execute(
                select(Sanction.type, func.count()).where(within(Sanction.decided_at))
                .group_by(Sanction.type)):
            by_type[kind] = number
        return YearlyFigures(
            year=year,
            received=count(Case.received_at),
            taken_into_handling=count(Case.taken_into_handling_at),
            sanctions=by_type,
            appeals=count(Appeal.filed_at),
        )
