"""The overview of reports, their status and sanctions (R-14.1) and its anonymised version for
the association wiki (R-14.2), from metadata only: no key is needed and no name is read.

Anonymisation is k-anonymity by local recoding. Each case is one row: case number, period of
receipt, category, status and sanction types. The quasi-identifying cell is (period, category,
sanction types): every published cell must hold at least `k` cases. Cases in smaller cells are
coarsened step by step (month -> quarter -> year); cases still alone at year level have their
category and sanctions withheld. Each published combination therefore appears at least k times,
except withheld rows, which show only number, year and status. No exact date, name or free
text is ever part of a row. Anonymous reports never confirmed have no case file (R-7.4) and are
left out, as are destroyed case files.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select

from bvr.domain import CaseStatus, Category, SanctionType
from bvr.services.core import Core
from bvr.storage.models import Case, Sanction


class Precision(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


@dataclass(frozen=True)
class Row:
    """One case, as much as may be published about it."""

    number: str
    received: datetime  # kept for coarsening; never published (see `period`)
    precision: Precision
    category: Category | None  # None: not yet triaged (or withheld, see `withheld`)
    status: CaseStatus
    sanctions: tuple[SanctionType, ...]
    withheld: bool = False  # category and sanctions withheld: fewer than k even per year

    @property
    def period(self) -> str:
        """`2026-03`, `2026-Q1` or `2026`: the published time of receipt."""
        if self.precision is Precision.MONTH:
            return f"{self.received.year}-{self.received.month:02d}"
        if self.precision is Precision.QUARTER:
            return f"{self.received.year}-Q{(self.received.month - 1) // 3 + 1}"
        return str(self.received.year)

    def cell(self) -> tuple[object, ...]:
        return (self.period, self.category, self.sanctions, self.withheld)


@dataclass(frozen=True)
class Overview:
    rows: tuple[Row, ...]
    k: int

    @property
    def coarsened(self) -> int:
        return sum(1 for row in self.rows if row.precision is not Precision.MONTH)

    @property
    def withheld(self) -> int:
        return sum(1 for row in self.rows if row.withheld)


def cases(core: Core, since_year: int) -> list[Row]:
    """R-14.1: every case received from `since_year` on, at full (monthly) precision, received
    time in the association's zone."""
    zone = core.config.zone
    with core.database.transaction() as session:
        found = list(session.execute(
            select(Case.id, Case.number, Case.received_at, Case.category, Case.status)
            .where(Case.destroyed_at.is_(None), Case.year >= since_year,
                   Case.status != CaseStatus.AWAITING_CONFIRMATION)
            .order_by(Case.year, Case.sequence)))
        kinds: dict[int, set[SanctionType]] = {}
        for case_id, kind in session.execute(select(Sanction.case_id, Sanction.type)):
            kinds.setdefault(case_id, set()).add(kind)
    return [Row(number or "", received.astimezone(zone), Precision.MONTH, category, status,
                tuple(sorted(kinds.get(case_id, set()))))
            for case_id, number, received, category, status in found]


def _recode(rows: list[Row], k: int, step: Callable[[Row], Row]) -> list[Row]:
    """Rows in cells smaller than `k` take one `step` of coarsening; the rest stay."""
    sizes = Counter(row.cell() for row in rows)
    return [row if sizes[row.cell()] >= k else step(row) for row in rows]


def anonymise(rows: Sequence[Row], k: int) -> Overview:
    """R-14.2: the rows with every published cell holding at least `k` cases (see module)."""
    k = max(1, k)
    current = list(rows)
    for step in (lambda row: replace(row, precision=Precision.QUARTER),
                 lambda row: replace(row, precision=Precision.YEAR),
                 lambda row: replace(row, category=None, sanctions=(), withheld=True)):
        # Only rows at the previous level move on; a row already safe keeps its detail.
        current = _recode(current, k, step)
    return Overview(tuple(current), k)


def published(core: Core) -> Overview:
    """The anonymised overview for the wiki, covering the configured number of years."""
    settings = core.config.publishing
    this_year = core.now().astimezone(core.config.zone).year
    return anonymise(cases(core, this_year - settings.overview_years + 1),
                     settings.k_anonymity)
