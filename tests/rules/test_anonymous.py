"""R-7.4: anonymous reports wait for confirmation; unconfirmed, they are destroyed."""

from __future__ import annotations

from datetime import timedelta

from bvr.config import Periods
from bvr.domain import CaseStatus
from bvr.rules.anonymous import (
    AnonymousOutcome,
    destruction_due,
    initial_status,
    is_destruction_due,
    may_confirm,
    outcome,
)
from bvr.rules.status import may_transition
from tests.rules.people import AMSTERDAM, at

WAITING = CaseStatus.AWAITING_CONFIRMATION
RECEIVED_AT = at(2025, 3, 3, 14, 0)


def test_R_7_4_anonymous_reports_start_awaiting_confirmation() -> None:
    assert initial_status(anonymous=True) is WAITING
    assert initial_status(anonymous=False) is CaseStatus.RECEIVED


def test_R_7_4_confirmed_report_becomes_received() -> None:
    assert may_confirm(WAITING)
    assert may_transition(WAITING, CaseStatus.RECEIVED)
    assert outcome(CaseStatus.RECEIVED, RECEIVED_AT, at(2026, 1, 1), AMSTERDAM) is (
        AnonymousOutcome.RECEIVED)
    verdict = may_confirm(CaseStatus.IN_HANDLING)
    assert (verdict.rule, verdict.reason) == ("R-7.4", "rules-anonymous-not-awaiting")


def test_R_7_4_destruction_due_after_the_confirmation_period() -> None:
    due = destruction_due(RECEIVED_AT, AMSTERDAM)
    assert due.date().isoformat() == "2025-04-28"  # eight weeks, to the end of that day
    assert not is_destruction_due(WAITING, RECEIVED_AT, due, AMSTERDAM)
    assert is_destruction_due(WAITING, RECEIVED_AT, due + timedelta(seconds=1), AMSTERDAM)
    assert outcome(WAITING, RECEIVED_AT, due - timedelta(days=1), AMSTERDAM) is (
        AnonymousOutcome.KEEP_WAITING)
    assert outcome(WAITING, RECEIVED_AT, due + timedelta(days=1), AMSTERDAM) is (
        AnonymousOutcome.DESTROY)


def test_R_7_4_a_confirmed_report_is_never_destroyed_for_lack_of_confirmation() -> None:
    late = at(2030, 1, 1)
    assert not is_destruction_due(CaseStatus.RECEIVED, RECEIVED_AT, late, AMSTERDAM)
    assert not is_destruction_due(CaseStatus.CLOSED, RECEIVED_AT, late, AMSTERDAM)


def test_R_7_4_confirmation_period_is_configurable() -> None:
    due = destruction_due(RECEIVED_AT, AMSTERDAM, Periods(anonymous_confirmation_weeks=2))
    assert due.date().isoformat() == "2025-03-17"
