"""Support for the people involved: R-17.1.

"WMNL zal desgewenst betrokkenen bij een overtreding van de BVR begeleiding en ondersteuning
bieden": support is offered to the people involved, and what was offered (and whether it was
wanted) is recorded in the case file, one entry per person. It can be recorded once a report
is a case file (not while an anonymous report awaits confirmation, R-7.4) and until the file
is closed. The handler is reminded once when nothing is recorded
`Periods.support_reminder_weeks` after the case was taken into handling. R-17.2 (help after a
sanction ended) has its own reminder (`bvr.services.housekeeping`).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bvr.config import Periods
from bvr.domain import CaseStatus
from bvr.rules.deadlines import DEFAULT_PERIODS, due_after
from bvr.rules.verdict import ALLOWED, Verdict, refuse

#: While support can be recorded: a case file, not yet closed.
_OPEN = frozenset({CaseStatus.RECEIVED, CaseStatus.IN_HANDLING, CaseStatus.DECIDED,
                   CaseStatus.DECLINED, CaseStatus.IN_APPEAL})


def may_record_support(status: CaseStatus) -> Verdict:
    """R-17.1: whether support offered can be recorded on a case in `status`."""
    if status not in _OPEN:
        return refuse("R-17.1", "rules-support-not-open")
    return ALLOWED


def reminder_due(taken_into_handling_at: datetime, zone: ZoneInfo,
                 periods: Periods = DEFAULT_PERIODS) -> datetime:
    """When the handler is reminded that no support offered is recorded yet."""
    return due_after(taken_into_handling_at, zone, weeks=periods.support_reminder_weeks)


def needs_reminder(status: CaseStatus, taken_into_handling_at: datetime | None,
                   recorded: bool, now: datetime, zone: ZoneInfo,
                   periods: Periods = DEFAULT_PERIODS) -> bool:
    """R-17.1: an open case taken into handling, nothing recorded, past the configured time."""
    return (taken_into_handling_at is not None and not recorded and status in _OPEN
            and now > reminder_due(taken_into_handling_at, zone, periods))
