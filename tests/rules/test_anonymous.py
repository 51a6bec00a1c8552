"""R-7.4: an anonymous report is pending until confirmed; the handler stops it when no
confirmation is found; the clock only reminds."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bvr.casenumber import (
    CaseNumber,
    InvalidCaseNumber,
    new_pending_reference,
    parse,
    pending_reference,
)
from bvr.config import Periods
from bvr.domain import CaseStatus
from bvr.rules.anonymous import (
    initial_status,
    is_pending,
    may_confirm,
    may_stop,
    needs_reminder,
    reminder_due,
)
from bvr.rules.status import may_transition
from tests.rules.people import AMSTERDAM, at

WAITING = CaseStatus.AWAITING_CONFIRMATION
RECEIVED_AT = at(2025, 3, 3, 14, 0)


def test_R_7_4_anonymous_reports_start_pending() -> None:
    assert initial_status(anonymous=True) is WAITING and is_pending(WAITING)
    assert initial_status(anonymous=False) is CaseStatus.RECEIVED
    assert not is_pending(CaseStatus.RECEIVED)


def test_R_7_4_confirmed_report_becomes_received() -> None:
    assert may_confirm(WAITING)
    assert may_transition(WAITING, CaseStatus.RECEIVED)
    verdict = may_confirm(CaseStatus.IN_HANDLING)
    assert (verdict.rule, verdict.reason) == ("R-7.4", "rules-anonymous-not-awaiting")


def test_R_7_4_only_a_pending_report_can_be_stopped() -> None:
    assert may_stop(WAITING)
    for status in set(CaseStatus) - {WAITING}:
        verdict = may_stop(status)
        assert (verdict.rule, verdict.reason) == ("R-7.4", "rules-anonymous-stop-not-pending")


def test_R_7_4_the_handler_is_reminded_after_the_configured_time_never_a_deadline() -> None:
    due = reminder_due(RECEIVED_AT, AMSTERDAM)
    assert due.date().isoformat() == "2025-03-31"  # four weeks, to the end of that day
    assert not needs_reminder(WAITING, RECEIVED_AT, due, AMSTERDAM)
    assert needs_reminder(WAITING, RECEIVED_AT, due + timedelta(seconds=1), AMSTERDAM)
    assert not needs_reminder(CaseStatus.RECEIVED, RECEIVED_AT, at(2030, 1, 1), AMSTERDAM)
    configured = reminder_due(RECEIVED_AT, AMSTERDAM, Periods(pending_reminder_weeks=2))
    assert configured.date().isoformat() == "2025-03-17"


def test_R_7_4_a_pending_reference_is_never_a_case_number() -> None:
    reference = new_pending_reference()
    assert pending_reference(reference.lower()) == reference
    assert reference != new_pending_reference()
    with pytest.raises(InvalidCaseNumber):
        parse(reference, "P")
    assert pending_reference(str(CaseNumber("BVR", 2026, 7))) is None
    assert pending_reference("P-0000") is None and pending_reference("P-IIIIIIIIII") is None
