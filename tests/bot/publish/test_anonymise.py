"""R-14.2: k-anonymity of the published overview; R-14.1: the full overview from metadata."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bvr.domain import CaseStatus, Category, SanctionType
from bvr.services.overview import Precision, Row, anonymise


def _row(number: int, month: int, category: Category = Category.HARASSMENT,
         sanctions: tuple[SanctionType, ...] = ()) -> Row:
    return Row(f"BVR-2026-{number:04d}-X", datetime(2026, month, 5, tzinfo=UTC),
               Precision.MONTH, category, CaseStatus.CLOSED, sanctions)


def _cells(rows: tuple[Row, ...]) -> dict[tuple[object, ...], int]:
    counts: dict[tuple[object, ...], int] = {}
    for row in rows:
        counts[row.cell()] = counts.get(row.cell(), 0) + 1
    return counts


def test_R_14_2_cells_of_k_or_more_keep_their_month() -> None:
    rows = [_row(n, 3) for n in range(1, 4)]
    published = anonymise(rows, 3)
    assert {row.period for row in published.rows} == {"2026-03"}
    assert published.coarsened == 0


def test_R_14_2_a_lone_case_is_coarsened_to_quarter_then_year_then_withheld() -> None:
    rows = [_row(1, 1), _row(2, 2), _row(3, 3),  # one quarter together: three harassments
            _row(4, 7, Category.VIOLENCE, (SanctionType.EXCLUSION,))]  # alone all year
    published = anonymise(rows, 3)
    by_number = {row.number: row for row in published.rows}
    assert {by_number[f"BVR-2026-000{n}-X"].period for n in (1, 2, 3)} == {"2026-Q1"}
    lone = by_number["BVR-2026-0004-X"]
    assert (lone.period, lone.category, lone.sanctions, lone.withheld) == ("2026", None, (), True)
    assert published.withheld == 1


@pytest.mark.parametrize("k", [1, 2, 3, 5])
def test_R_14_2_every_published_cell_holds_k_cases_unless_withheld(k: int) -> None:
    rows = [_row(n, 1 + n % 12, list(Category)[n % 4], ((SanctionType.WARNING,)
                                                        if n % 3 == 0 else ()))
            for n in range(1, 40)]
    published = anonymise(rows, k)
    assert len(published.rows) == len(rows)  # one row per case
    for cell, count in _cells(published.rows).items():
        assert count >= k or cell[-1] is True


def test_R_14_2_k_of_one_publishes_months() -> None:
    assert anonymise([_row(1, 4)], 1).rows[0].period == "2026-04"
