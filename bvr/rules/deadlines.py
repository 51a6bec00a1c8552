"""Deadlines of the protocol, in the association's calendar.

- R-10.1: the parties are told the process, the investigators and the timeline within a week
  of the case being taken into handling (the protocol names no period; configurable).
- R-10.3: the investigation report is due one month after the report was received.
- R-11.6: the sanction is communicated within six weeks after the investigation report.
- R-16.3: an appeal is filed within eight weeks of the decision being announced.
- R-7.4 (used by `anonymous.py`): an anonymous report waits a number of weeks for confirmation.
- The movement's fast track: an emergency report is taken into handling within 48 hours
  (`Periods.emergency_hours`), counted in hours, not calendar days: it cannot wait for the end
  of a day.
- R-16.2 names no period for deciding an appeal; a target (`Periods.appeal_decision_weeks`)
  keeps a pending appeal from having no date at all (ADR 0016).

How periods are counted, and why:
- In the association's time zone (a `ZoneInfo`), on calendar days, so a deadline does not move
  by an hour when summer time starts or ends, and "one month" means the same day next month.
- A month from the 31st ends on the last day of a shorter month (31 Jan + 1 month = 28 Feb, or
  29 Feb in a leap year); a year from 29 Feb ends on 28 Feb.
- A deadline is the end of its last day (23:59:59.999999 local): someone filing an appeal on the
  last day is in time whatever the hour, as a person reading "within eight weeks" expects.
All datetimes are aware; a naive one is a programming error and raises `ValueError`.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bvr.config import Periods
from bvr.rules.verdict import ALLOWED, Verdict, refuse

#: Default warning window for "due soon".
DUE_SOON = timedelta(days=7)

#: WMNL's periods, the default wherever a rule takes `periods`.
DEFAULT_PERIODS = Periods()


class DeadlineStatus(StrEnum):
    PENDING = "pending"  # open, not yet close to the deadline
    DUE_SOON = "due_soon"  # open, deadline within the warning window
    OVERDUE = "overdue"  # open, deadline passed
    MET = "met"  # done on or before the deadline
    MISSED = "missed"  # done, but after the deadline


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("a naive datetime reached the deadline rules; pass an aware one")
    return moment


def local_date(moment: datetime, zone: ZoneInfo) -> date:
    """The calendar day `moment` falls on in the association's zone."""
    return _aware(moment).astimezone(zone).date()


def add_months(day: date, months: int) -> date:
    """`day` plus whole calendar months, clamped to the end of a shorter month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def add_years(day: date, years: int) -> date:
    """`day` plus whole calendar years; 29 February becomes 28 February in a common year."""
    return add_months(day, 12 * years)


def end_of_day(day: date, zone: ZoneInfo) -> datetime:
    """The last moment of `day` in `zone`, as an aware datetime in that zone."""
    # The round trip through UTC settles any local time that a zone's clock change skips.
    return datetime.combine(day, time.max, tzinfo=zone).astimezone(UTC).astimezone(zone)


def due_after(
    start: datetime,
    zone: ZoneInfo,
    *,
    years: int = 0,
    months: int = 0,
    weeks: int = 0,
    days: int = 0,
) -> datetime:
    """The end of the day that lies the given calendar period after `start`'s local day."""
    day = add_months(local_date(start, zone), 12 * years + months)
    return end_of_day(day + timedelta(weeks=weeks, days=days), zone)


def information_due(
    taken_into_handling_at: datetime, zone: ZoneInfo, periods: Periods = DEFAULT_PERIODS
) -> datetime:
    """R-10.1: when every directly involved party should have been told the process, the
    investigators and the timeline. The protocol sets no period; informing comes first in an
    investigation that should end within a month (R-10.3), so WMNL's default is one week after
    the case was taken into handling (`Periods.information_weeks`)."""
    return due_after(taken_into_handling_at, zone, weeks=periods.information_weeks)


def investigation_report_due(
    received_at: datetime, zone: ZoneInfo, periods: Periods = DEFAULT_PERIODS
) -> datetime:
    """R-10.3: when the investigation report should be done (a target, not a hard stop)."""
    return due_after(received_at, zone, months=periods.investigation_months)


def sanction_communication_due(
    investigation_report_at: datetime, zone: ZoneInfo, periods: Periods = DEFAULT_PERIODS
) -> datetime:
    """R-11.6: when the sanction should have been communicated, "in principle"."""
    return due_after(investigation_report_at, zone, weeks=periods.sanction_weeks)


def appeal_due(
    announced_at: datetime, zone: ZoneInfo, periods: Periods = DEFAULT_PERIODS
) -> datetime:
    """R-16.3: the last moment an appeal against a decision announced at `announced_at` counts."""
    return due_after(announced_at, zone, weeks=periods.appeal_weeks)


def emergency_response_due(
    received_at: datetime, periods: Periods = DEFAULT_PERIODS
) -> datetime:
    """The fast track: when an emergency report must have been taken into handling. Counted
    in hours from its arrival: "within 48 hours" of a report at 23:00 is not the end of a day
    two days later."""
    return _aware(received_at) + timedelta(hours=periods.emergency_hours)


def appeal_decision_due(
    filed_at: datetime, zone: ZoneInfo, periods: Periods = DEFAULT_PERIODS
) -> datetime:
    """R-16.2 (a target, ADR 0016): when the body hearing an appeal should have decided it."""
    return due_after(filed_at, zone, weeks=periods.appeal_decision_weeks)


def appeal_in_time(
    announced_at: datetime,
    filed_at: datetime,
    zone: ZoneInfo,
    periods: Periods = DEFAULT_PERIODS,
) -> Verdict:
    """R-16.3: whether an appeal filed at `filed_at` is within the appeal period."""
    if _aware(filed_at) < _aware(announced_at):
        # Nothing to appeal against yet: the decision is not known to the appellant.
        return refuse("R-16.3", "rules-appeal-before-announcement")
    due = appeal_due(announced_at, zone, periods)
    if filed_at > due:
        return refuse("R-16.3", "rules-appeal-too-late", num_weeks=periods.appeal_weeks,
                      due=due.date().isoformat())
    return ALLOWED


def deadline_status(
    due: datetime,
    now: datetime,
    done_at: datetime | None = None,
    soon: timedelta = DUE_SOON,
) -> DeadlineStatus:
    """Where a deadline stands at `now`; `done_at` is when the thing was done, if it was."""
    _aware(due)
    _aware(now)
    if done_at is not None:
        return DeadlineStatus.MET if _aware(done_at) <= due else DeadlineStatus.MISSED
    if now > due:
        return DeadlineStatus.OVERDUE
    if due - now <= soon:
        return DeadlineStatus.DUE_SOON
    return DeadlineStatus.PENDING
