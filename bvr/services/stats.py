"""The yearly figures of R-14.4, computed from metadata only (no key is needed, and the
figures survive the destruction of case files at the end of retention). What each count means
is `bvr.rules.figures`, shared with the half-yearly board report (`reporting`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from bvr.domain import SanctionType
from bvr.rules import figures as counts
from bvr.rules.figures import CaseDates

if TYPE_CHECKING:  # `bvr stats` counts without loading SQLAlchemy (bvr.storage.quick)
    from bvr.services.core import Core


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


@dataclass(frozen=True)
class Metadata:
    """Everything the counts read: every case ever received (destroyed ones keep their
    dates), every sanction and every appeal, without a word of content."""

    cases: tuple[CaseDates, ...]
    decided: tuple[tuple[datetime, SanctionType], ...]
    appeals: tuple[datetime, ...]


def metadata(core: Core, since: datetime | None = None,
             until: datetime | None = None) -> Metadata:
    """The metadata the counts read; with `since` and `until` (aware), only the cases with a
    date counted (received, taken into handling, closed) in `[since, until)`, the sanctions
    decided and the appeals filed in it: a period's report then reads its period, not the
    archive (issue 13, item 6). Counting over the narrowed metadata gives the same figures
    for any period inside the range, since each count only looks at its own date."""
    from sqlalchemy import and_, or_, select, true
    from sqlalchemy.sql import ColumnElement

    from bvr.storage.models import Appeal, Case, Sanction

    def within(column: Any) -> ColumnElement[bool]:
        if since is None or until is None:
            return true()
        return and_(column >= since, column < until)

    with core.database.transaction() as session:
        cases = tuple(CaseDates(*row) for row in session.execute(select(
            Case.received_at, Case.taken_into_handling_at, Case.closed_at, Case.category,
            Case.status).where(or_(within(Case.received_at),
                                   within(Case.taken_into_handling_at),
                                   within(Case.closed_at)))))
        decided = tuple((at, kind) for at, kind in session.execute(
            select(Sanction.decided_at, Sanction.type).where(within(Sanction.decided_at))))
        filed = tuple(session.scalars(select(Appeal.filed_at).where(within(Appeal.filed_at))))
    return Metadata(cases, decided, filed)


def yearly_figures(core: Core, year: int) -> YearlyFigures:
    return figures_of(metadata(core), year, core.config.zone)


def figures_of(data: Metadata, year: int, zone: tzinfo) -> YearlyFigures:
    """The counts of `year`, the association's calendar year in its own time zone."""

    def within(moment: datetime) -> bool:
        return moment.astimezone(zone).year == year

    return YearlyFigures(
        year=year,
        received=counts.received(data.cases, within),
        taken_into_handling=counts.taken_into_handling(data.cases, within),
        sanctions=counts.sanctions_by_type(data.decided, within),
        appeals=counts.appeals(data.appeals, within),
    )
