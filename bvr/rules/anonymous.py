"""Anonymous reports: R-7.4.

Anonymous reports are investigated, but the first step is to find confirmation of the incident.
Such a report starts as "awaiting confirmation". Confirmed, it becomes an ordinary received
report with a case file. Not confirmed within the configured number of weeks
(`Periods.anonymous_confirmation_weeks`), the process stops and no case file is kept: the
report is destroyed, not closed.

Confirmation is accepted for as long as the report still exists: if confirmation arrives after
the deadline but before the destruction job ran, throwing it away would serve nobody.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from bvr.config import Periods
from bvr.domain import CaseStatus
from bvr.rules.deadlines import DEFAULT_PERIODS, due_after
from bvr.rules.verdict import ALLOWED, Verdict, refuse


class AnonymousOutcome(StrEnum):
    """What happens next to an anonymous report."""

    KEEP_WAITING = "keep_waiting"  # unconfirmed, still within the period
    RECEIVED = "received"  # confirmed: an ordinary case with a case file
    DESTROY = "destroy"  # unconfirmed past the deadline: destroy, keep no case file


def initial_status(anonymous: bool) -> CaseStatus:
    """R-7.4: anonymous reports wait for confirmation; named ones are received at once."""
    return CaseStatus.AWAITING_CONFIRMATION if anonymous else CaseStatus.RECEIVED


def destruction_due(
    received_at: datetime, zone: ZoneInfo, periods: Periods = DEFAULT_PERIODS
) -> datetime:
    """The moment after which an unconfirmed anonymous report is destroyed."""
    return due_after(received_at, zone, weeks=periods.anonymous_confirmation_weeks)


def is_destruction_due(
    status: CaseStatus,
    received_at: datetime,
    now: datetime,
    zone: ZoneInfo,
    periods: Periods = DEFAULT_PERIODS,
) -> bool:
    """Whether the report must be destroyed now: still unconfirmed and past its deadline."""
    return (status is CaseStatus.AWAITING_CONFIRMATION
            and now > destruction_due(received_at, zone, periods))


def outcome(
    status: CaseStatus,
    received_at: datetime,
    now: datetime,
    zone: ZoneInfo,
    periods: Periods = DEFAULT_PERIODS,
) -> AnonymousOutcome:
    """Where an anonymous report stands at `now` (any status past waiting counts as received)."""
    if status is not CaseStatus.AWAITING_CONFIRMATION:
        return AnonymousOutcome.RECEIVED
    if is_destruction_due(status, received_at, now, zone, periods):
        return AnonymousOutcome.DESTROY
    return AnonymousOutcome.KEEP_WAITING


def may_confirm(status: CaseStatus) -> Verdict:
    """R-7.4: only a report awaiting confirmation can be confirmed (it then becomes received)."""
    if status is not CaseStatus.AWAITING_CONFIRMATION:
        return refuse("R-7.4", "rules-anonymous-not-awaiting")
    return ALLOWED
