"""How long a case file is kept: R-15.4 and R-15.5.

R-15.4: a case file is kept until two years (`Periods.retention_years`) after the later of
- the day the case was closed, and
- the day the last of its sanctions expired,
and then destroyed. An open case, or one with a sanction of indefinite length, has no retention
date yet: it is kept for as long as that lasts.

R-15.5: if the same person gets a new sanction while an older file about them is still kept
(within its retention period), the older file is linked to the newer one: it is kept at least
as long as the newer file. A file may be linked to several newer files (the same person
sanctioned again, and again): the latest date among them wins, and a later link never replaces
an earlier one. Links chain: a file linked to a file that is itself linked follows the last
one. A cycle of links cannot make the search run on: dates only ever move later. Linking never
shortens a retention period.

Dates are calendar days in the association's zone (see deadlines.local_date). "Bewaard tot
twee jaar na" keeps a file until its retention date, not through it: it is destroyed on that
date, and from that date on it no longer counts as kept for R-15.5.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from bvr.config import Periods
from bvr.rules.deadlines import DEFAULT_PERIODS, add_years

#: A retention date; None means "not yet known: keep" (open case, indefinite sanction).
Retention = date | None


def retention_date(
    closed_on: date | None,
    sanction_ends: Iterable[date | None] = (),
    periods: Periods = DEFAULT_PERIODS,
) -> Retention:
    """R-15.4: the last day this file is kept, from its own facts alone.

    `sanction_ends` are the expiry dates of its sanctions (see sanctions.sanction_end), None for
    an indefinite one.
    """
    if closed_on is None:
        return None
    latest = closed_on
    for end in sanction_ends:
        if end is None:
            return None
        latest = max(latest, end)
    return add_years(latest, periods.retention_years)


def later(a: Retention, b: Retention) -> Retention:
    """The later of two retention dates; "not yet known" is later than any date."""
    if a is None or b is None:
        return None
    return max(a, b)


def should_link(old_retention: Retention, new_sanction_on: date) -> bool:
    """R-15.5: whether a new sanction on `new_sanction_on` links the older file to the new one.

    It does while the older file is still kept: its retention date is not yet reached, or not
    yet known.
    """
    return old_retention is None or new_sanction_on < old_retention


def linked_retention(
    own: Mapping[int, Retention], links: Iterable[tuple[int, int]]
) -> dict[int, Retention]:
    """R-15.5: the retention of every file once links are followed.

    `own` maps a case id to its own retention date (`retention_date`); `links` holds pairs
    (older case id, newer case id). Each file is kept until the latest date among itself and all
    files it is linked to, directly or through a chain. Ids in links but missing from `own`
    count as "not yet known", so a missing fact keeps files rather than destroying them.
    """
    result: dict[int, Retention] = dict(own)
    pairs = list(links)
    for old, new in pairs:
        result.setdefault(old, None)
        result.setdefault(new, None)
    # Push later dates along the links until nothing changes; at most one round per file,
    # and cycles are harmless because dates only ever move later.
    for _ in range(len(result) + 1):
        changed = False
        for old, new in pairs:
            merged = later(result[old], result[new])
            if merged != result[old]:
                result[old] = merged
                changed = True
        if not changed:
            break
    return result


def is_destruction_due(retention: Retention, today: date) -> bool:
    """R-15.4: whether a file whose effective retention date is `retention` must be destroyed
    today: on the retention date itself, the file being kept *until* that date."""
    return retention is not None and today >= retention
