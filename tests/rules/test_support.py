"""R-17.1: support offered to the people involved is recorded, and its absence reminded."""

from __future__ import annotations

from datetime import timedelta

from bvr.config import Periods
from bvr.domain import CaseStatus
from bvr.rules.support import may_record_support, needs_reminder, reminder_due
from tests.rules.people import AMSTERDAM, at

TAKEN = at(2026, 3, 2, 10, 0)


def test_R_17_1_support_is_recorded_on_an_open_case_file_only() -> None:
    for status in CaseStatus:
        verdict = may_record_support(status)
        if status in {CaseStatus.AWAITING_CONFIRMATION, CaseStatus.CLOSED}:
            assert (verdict.rule, verdict.reason) == ("R-17.1", "rules-support-not-open")
        else:
            assert verdict, status


def test_R_17_1_reminded_when_nothing_is_recorded_after_the_configured_time() -> None:
    due = reminder_due(TAKEN, AMSTERDAM)
    assert due.date().isoformat() == "2026-03-16"  # two weeks, to the end of that day
    later = due + timedelta(seconds=1)
    assert not needs_reminder(CaseStatus.IN_HANDLING, TAKEN, False, due, AMSTERDAM)
    assert needs_reminder(CaseStatus.IN_HANDLING, TAKEN, False, later, AMSTERDAM)
    assert not needs_reminder(CaseStatus.IN_HANDLING, TAKEN, True, later, AMSTERDAM)
    assert not needs_reminder(CaseStatus.CLOSED, TAKEN, False, later, AMSTERDAM)
    assert not needs_reminder(CaseStatus.RECEIVED, None, False, later, AMSTERDAM)
    configured = reminder_due(TAKEN, AMSTERDAM, Periods(support_reminder_weeks=4))
    assert configured.date().isoformat() == "2026-03-30"
