"""R-15.4 and R-15.5: how long case files are kept, and linking."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bvr.config import Periods
from bvr.rules.deadlines import add_years
from bvr.rules.retention import (
    is_destruction_due,
    linked_retention,
    retention_date,
    should_link,
)

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))
retentions = st.one_of(st.none(), days)
FAST = settings(max_examples=150, deadline=None)


def test_R_15_4_two_years_after_closing() -> None:
    assert retention_date(date(2025, 3, 1)) == date(2027, 3, 1)
    assert retention_date(date(2024, 2, 29)) == date(2026, 2, 28)


def test_R_15_4_two_years_after_the_last_sanction_expires() -> None:
    closed = date(2025, 3, 1)
    assert retention_date(closed, [date(2025, 6, 1), date(2026, 1, 1)]) == date(2028, 1, 1)
    assert retention_date(closed, [date(2024, 12, 1)]) == date(2027, 3, 1)


def test_R_15_4_open_cases_and_indefinite_sanctions_have_no_date_yet() -> None:
    assert retention_date(None) is None
    assert retention_date(date(2025, 3, 1), [date(2025, 6, 1), None]) is None


def test_R_15_4_retention_period_is_configurable() -> None:
    assert retention_date(date(2025, 3, 1), periods=Periods(retention_years=5)) == date(2030, 3, 1)


def test_R_15_4_destroyed_on_the_retention_date() -> None:
    # "Bewaard tot twee jaar na": kept until the date, so destroyed on it.
    assert not is_destruction_due(date(2027, 3, 1), date(2027, 2, 28))
    assert is_destruction_due(date(2027, 3, 1), date(2027, 3, 1))
    assert is_destruction_due(date(2027, 3, 1), date(2027, 3, 2))
    assert not is_destruction_due(None, date(2999, 1, 1))


def test_R_15_5_new_sanction_within_retention_links_the_old_file() -> None:
    assert should_link(date(2027, 3, 1), date(2027, 2, 28))
    assert not should_link(date(2027, 3, 1), date(2027, 3, 1))  # destroyed that day
    assert should_link(None, date(2030, 1, 1))


def test_R_15_5_old_file_follows_the_new_one() -> None:
    result = linked_retention({1: date(2027, 3, 1), 2: date(2029, 6, 1)}, [(1, 2)])
    assert result == {1: date(2029, 6, 1), 2: date(2029, 6, 1)}


def test_R_15_5_links_chain_and_unknown_dates_keep_files() -> None:
    own = {1: date(2027, 1, 1), 2: date(2028, 1, 1), 3: None}
    assert linked_retention(own, [(1, 2), (2, 3)]) == {1: None, 2: None, 3: None}
    own[3] = date(2030, 1, 1)
    assert linked_retention(own, [(2, 3), (1, 2)]) == {k: date(2030, 1, 1) for k in own}
    assert linked_retention({1: date(2027, 1, 1)}, [(1, 9)]) == {1: None, 9: None}


def test_R_15_5_several_links_the_latest_date_wins() -> None:
    own = {1: date(2028, 3, 14), 2: date(2035, 6, 1), 3: date(2029, 1, 10)}
    assert linked_retention(own, [(1, 2), (1, 3), (2, 3)])[1] == date(2035, 6, 1)


def test_R_15_5_a_cycle_of_links_ends_and_shares_the_latest_date() -> None:
    own = {1: date(2027, 1, 1), 2: date(2028, 1, 1), 3: date(2030, 1, 1)}
    result = linked_retention(own, [(1, 2), (2, 3), (3, 1)])
    assert result == {1: date(2030, 1, 1), 2: date(2030, 1, 1), 3: date(2030, 1, 1)}


def test_R_15_5_a_newer_file_does_not_follow_an_older_one() -> None:
    result = linked_retention({1: date(2031, 1, 1), 2: date(2029, 1, 1)}, [(1, 2)])
    assert result == {1: date(2031, 1, 1), 2: date(2029, 1, 1)}


@FAST
@given(days, st.lists(st.one_of(st.none(), days), max_size=5), st.integers(0, 10))
def test_R_15_4_retention_never_earlier_than_closing_plus_period(
    closed: date, ends: list[date | None], years: int
) -> None:
    result = retention_date(closed, ends, Periods(retention_years=years))
    if None in ends:
        assert result is None
        return
    assert result is not None
    assert result >= add_years(closed, years)
    for end in ends:
        assert end is not None
        assert result >= add_years(end, years)
    assert result >= closed


@FAST
@given(st.dictionaries(st.integers(1, 8), retentions, min_size=1, max_size=8),
       st.lists(st.tuples(st.integers(1, 8), st.integers(1, 8)), max_size=12))
def test_R_15_5_linking_never_shortens_retention(
    own: dict[int, date | None], links: list[tuple[int, int]]
) -> None:
    result = linked_retention(own, links)
    for case_id, mine in own.items():
        effective = result[case_id]
        assert effective is None or (mine is not None and effective >= mine)
    for old, new in links:
        # An old file is kept at least as long as the file it is linked to.
        if result[new] is None:
            assert result[old] is None
        else:
            assert result[old] is None or result[old] >= result[new]  # type: ignore[operator]


@FAST
@given(days, st.integers(1, 2000))
def test_R_15_5_linking_with_a_later_file_moves_the_date_exactly_there(
    day: date, extra: int
) -> None:
    later = day + timedelta(days=extra)
    assert linked_retention({1: day, 2: later}, [(1, 2)])[1] == later
