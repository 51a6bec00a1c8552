"""Anonymous reports: R-7.4.

Anonymous reports are investigated, but the first step is to find confirmation of the incident;
without confirmation the process stops and no case file is made. So an anonymous report starts
as a pending report ("awaiting confirmation"), with no case number (docs/decisions/0014):

- confirmed, it becomes an ordinary received report: a case file with its case number;
- when the handler finds no confirmation, they stop it (`may_stop`): the report is destroyed at
  once, and it counts as received, never as taken into handling (`bvr.rules.figures`).

The protocol sets no time limit, so nothing is destroyed by the clock: a report pending longer
than `Periods.pending_reminder_weeks` is brought to the handler's attention
(`reminder_due`), and the decision stays theirs.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bvr.config import Periods
from bvr.domain import CaseStatus
from bvr.rules.deadlines import DEFAULT_PERIODS, due_after
from bvr.rules.verdict import ALLOWED, Verdict, refuse


def initial_status(anonymous: bool) -> CaseStatus:
    """R-7.4: anonymous reports wait for confirmation; named ones are received at once."""
    return CaseStatus.AWAITING_CONFIRMATION if anonymous else CaseStatus.RECEIVED


def is_pending(status: CaseStatus) -> bool:
    """R-7.4: a pending report: anonymous, not (yet) confirmed, so not a case file."""
    return status is CaseStatus.AWAITING_CONFIRMATION


def may_confirm(status: CaseStatus) -> Verdict:
    """R-7.4: only a report awaiting confirmation can be confirmed (it then becomes received)."""
    if not is_pending(status):
        return refuse("R-7.4", "rules-anonymous-not-awaiting")
    return ALLOWED


def may_stop(status: CaseStatus) -> Verdict:
    """R-7.4: "no confirmation found: stop" ends a pending report only. A confirmed report is
    a case file, which ends by a decision and retention, not by being stopped."""
    if not is_pending(status):
        return refuse("R-7.4", "rules-anonymous-stop-not-pending")
    return ALLOWED


def reminder_due(received_at: datetime, zone: ZoneInfo,
                 periods: Periods = DEFAULT_PERIODS) -> datetime:
    """When the handler is reminded that a report is still pending: a prompt, not a limit."""
    return due_after(received_at, zone, weeks=periods.pending_reminder_weeks)


def needs_reminder(status: CaseStatus, received_at: datetime, now: datetime, zone: ZoneInfo,
                   periods: Periods = DEFAULT_PERIODS) -> bool:
    """Whether a pending report has waited longer than the configured time."""
    return is_pending(status) and now > reminder_due(received_at, zone, periods)
