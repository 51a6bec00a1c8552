"""One definition of every published count (R-14.2 to R-14.4), and one rule for small counts.

The yearly figures (`bvr stats`, the figures page on the wiki) and the director's half-yearly
report to the board count with these functions, over the same metadata, so they cannot
disagree on what "received" means:

- received: every report received, whether or not it was confirmed, taken into handling or
  destroyed since. An anonymous report never confirmed (still pending, or stopped by its
  handler and destroyed) has no case number and is no case, but it was received (R-7.4,
  R-14.4); it is never taken into handling.
- taken into handling: every report that was, dated when it was (R-14.4).
- sanctions: every sanction decided, by type, dated when it was decided.
- appeals: every appeal filed, dated when it was filed.

Small counts (R-14.2): on a public page, a count from 1 to k-1 is shown as "fewer than k",
the same k as the overview's k-anonymity. The overview publishes a sanction type only in
cells of at least k cases, so a per-type count below k could only come from cases whose
sanction the overview withheld; showing it would undo the overview's protection when the two
pages are read together (`shown`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from bvr.domain import CaseStatus, Category, SanctionType

Within = Callable[[datetime], bool]


@dataclass(frozen=True)
class CaseDates:
    """What the counts read of one case: dates and classification, never content."""

    received_at: datetime
    taken_into_handling_at: datetime | None
    closed_at: datetime | None
    category: Category | None
    status: CaseStatus


def received(cases: Iterable[CaseDates], within: Within) -> int:
    """R-14.4, R-7.4: reports received in the period, confirmed or not."""
    return sum(1 for case in cases if within(case.received_at))


def taken_into_handling(cases: Iterable[CaseDates], within: Within) -> int:
    """R-14.4: reports taken into handling in the period."""
    return sum(1 for case in cases
               if case.taken_into_handling_at is not None and within(case.taken_into_handling_at))


def sanctions_by_type(decided: Iterable[tuple[datetime, SanctionType]],
                      within: Within) -> dict[SanctionType, int]:
    """R-14.4: sanctions decided in the period, every type listed (zero included)."""
    counts = dict.fromkeys(SanctionType, 0)
    for at, kind in decided:
        if within(at):
            counts[kind] += 1
    return counts


def appeals(filed: Iterable[datetime], within: Within) -> int:
    """R-14.4: appeals filed in the period."""
    return sum(1 for at in filed if within(at))


def shown(count: int, k: int) -> int | None:
    """R-14.2: the count as a public page may show it; None means "fewer than k"."""
    return None if 0 < count < max(1, k) else count
