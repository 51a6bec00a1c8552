"""R-10.3, R-11.6, R-16.3: deadlines in the association's calendar (Europe/Amsterdam)."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bvr.config import Periods
from bvr.rules.deadlines import (
    DeadlineStatus,
    add_months,
    add_years,
    appeal_due,
    appeal_in_time,
    deadline_status,
    due_after,
    investigation_report_due,
    local_date,
    sanction_communication_due,
)
from tests.rules.people import AMSTERDAM, at, utc

moments = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2090, 12, 31),
                       timezones=st.just(UTC))
days = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
FAST = settings(max_examples=150, deadline=None)


def test_R_10_3_investigation_report_due_one_month_after_receipt() -> None:
    due = investigation_report_due(at(2025, 1, 31, 10, 0), AMSTERDAM)
    assert due == datetime.combine(date(2025, 2, 28), time.max, tzinfo=AMSTERDAM)
    assert investigation_report_due(at(2024, 1, 31, 10), AMSTERDAM).date() == date(2024, 2, 29)


def test_R_11_6_sanction_communicated_within_six_weeks_of_the_report() -> None:
    due = sanction_communication_due(at(2025, 3, 10, 9, 0), AMSTERDAM)
    assert due.date() == date(2025, 4, 21)


def test_R_16_3_appeal_due_eight_weeks_after_announcement() -> None:
    assert appeal_due(at(2025, 1, 6, 12), AMSTERDAM).date() == date(2025, 3, 3)


def test_R_16_3_appeal_on_the_last_day_is_in_time_whatever_the_hour() -> None:
    announced = at(2025, 1, 6, 9, 0)
    assert appeal_in_time(announced, at(2025, 3, 3, 23, 59), AMSTERDAM)
    late = appeal_in_time(announced, at(2025, 3, 4, 0, 0), AMSTERDAM)
    assert (late.rule, late.reason) == ("R-16.3", "rules-appeal-too-late")
    assert late.params == {"num_weeks": 8, "due": "2025-03-03"}


def test_R_16_3_appeal_before_the_announcement_is_refused() -> None:
    verdict = appeal_in_time(at(2025, 1, 6, 9), at(2025, 1, 5, 9), AMSTERDAM)
    assert verdict.reason == "rules-appeal-before-announcement"


def test_R_16_3_appeal_period_is_configurable() -> None:
    periods = Periods(appeal_weeks=4)
    assert appeal_due(at(2025, 1, 6, 12), AMSTERDAM, periods).date() == date(2025, 2, 3)
    assert appeal_in_time(at(2025, 1, 6, 12), at(2025, 2, 10), AMSTERDAM, periods).params[
        "num_weeks"] == 4


def test_R_10_3_deadlines_need_aware_datetimes() -> None:
    with pytest.raises(ValueError, match="naive"):
        investigation_report_due(datetime(2025, 1, 1), AMSTERDAM)


def test_R_10_3_received_late_evening_utc_counts_from_the_local_day() -> None:
    # 31 Jan 23:30 UTC is already 1 Feb in Amsterdam: one month later is 1 March.
    assert investigation_report_due(utc(2025, 1, 31, 23, 30), AMSTERDAM).date() == date(2025, 3, 1)


def test_R_10_3_deadline_status() -> None:
    due = at(2025, 2, 28, 23, 59)
    assert deadline_status(due, at(2025, 2, 1)) is DeadlineStatus.PENDING
    assert deadline_status(due, at(2025, 2, 25)) is DeadlineStatus.DUE_SOON
    assert deadline_status(due, at(2025, 3, 1)) is DeadlineStatus.OVERDUE
    assert deadline_status(due, at(2025, 3, 5), done_at=at(2025, 2, 20)) is DeadlineStatus.MET
    assert deadline_status(due, at(2025, 3, 5), done_at=at(2025, 3, 2)) is DeadlineStatus.MISSED
    assert deadline_status(due, at(2025, 2, 1), soon=timedelta(days=30)) is (
        DeadlineStatus.DUE_SOON)


def test_R_16_3_deadline_across_the_autumn_dst_change_keeps_the_local_day() -> None:
    # Announced in summer time (UTC+2), due in winter time (UTC+1): still the end of the day.
    due = appeal_due(at(2025, 9, 15, 10), AMSTERDAM)
    assert (due.date(), due.hour, due.minute) == (date(2025, 11, 10), 23, 59)
    assert due.utcoffset() == timedelta(hours=1)


@FAST
@given(moments, st.integers(0, 30), st.integers(0, 20), st.integers(0, 5))
def test_R_10_3_deadlines_always_after_the_start(
    start: datetime, months: int, weeks: int, years: int
) -> None:
    due = due_after(start, AMSTERDAM, years=years, months=months, weeks=weeks)
    # A deadline runs to the end of its last local day: with a zero period (an affiliate may
    # configure one) that is the end of the start's own day, never before the start.
    assert due >= start
    if years or months or weeks:
        assert due > start
    assert due.tzinfo is AMSTERDAM
    # The deadline is the very end of a local day: one microsecond later is the next day.
    assert (due + timedelta(microseconds=1)).astimezone(AMSTERDAM).time() == time(0, 0)


@FAST
@given(moments, st.integers(1, 20))
def test_R_16_3_week_deadlines_are_whole_local_days_across_dst(start: datetime, weeks: int) -> None:
    due = due_after(start, AMSTERDAM, weeks=weeks)
    assert due.date() - local_date(start, AMSTERDAM) == timedelta(weeks=weeks)
    assert (due.hour, due.minute, due.second) == (23, 59, 59)


@FAST
@given(days, st.integers(-600, 600))
def test_R_10_3_month_addition_clamps_to_the_month_end(day: date, months: int) -> None:
    result = add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    last = calendar.monthrange(result.year, result.month)[1]
    assert result.day == min(day.day, last)


LEAP_YEARS = [y for y in range(1904, 2200) if calendar.isleap(y)]


@FAST
@given(st.sampled_from(LEAP_YEARS), st.integers(1, 8))
def test_R_15_4_year_addition_from_a_leap_day(year: int, years: int) -> None:
    later = add_years(date(year, 2, 29), years)
    expected_day = 29 if calendar.isleap(year + years) else 28
    assert later == date(year + years, 2, expected_day)


def test_R_10_3_month_clamping_examples() -> None:
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2025, 3, 31), 1) == date(2025, 4, 30)
    assert add_months(date(2025, 12, 15), 1) == date(2026, 1, 15)
    assert add_months(date(2025, 3, 31), -1) == date(2025, 2, 28)
