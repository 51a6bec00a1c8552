"""The case status machine (R-7.4, R-9.1, R-10.3, R-15.1, R-16.1, R-16.2)."""

from __future__ import annotations

import pytest

from bvr.domain import CaseStatus
from bvr.rules.status import TRANSITIONS, allowed_next, may_transition

S = CaseStatus
ALL_PAIRS = [(a, b) for a in S for b in S]


@pytest.mark.parametrize(("current", "target"), [
    (S.AWAITING_CONFIRMATION, S.RECEIVED),
    (S.RECEIVED, S.IN_HANDLING),
    (S.RECEIVED, S.DECLINED),
    (S.IN_HANDLING, S.DECIDED),
    (S.IN_HANDLING, S.DECLINED),
    (S.DECLINED, S.CLOSED),
    (S.DECLINED, S.IN_HANDLING),
    (S.DECLINED, S.IN_APPEAL),
    (S.DECIDED, S.IN_APPEAL),
    (S.DECIDED, S.CLOSED),
    (S.IN_APPEAL, S.DECIDED),
    (S.IN_APPEAL, S.DECLINED),
    (S.IN_APPEAL, S.IN_HANDLING),
    (S.CLOSED, S.IN_HANDLING),
])
def test_R_15_1_allowed_transitions(current: CaseStatus, target: CaseStatus) -> None:
    assert may_transition(current, target)
    assert target in allowed_next(current)


def test_R_9_1_a_declined_case_cannot_be_decided() -> None:
    verdict = may_transition(S.DECLINED, S.DECIDED)
    assert (verdict.rule, verdict.reason) == ("R-9.1", "rules-status-declined-cannot-decide")


def test_R_16_1_R_9_1_appeal_only_against_a_decision_or_a_decline() -> None:
    for current in (S.RECEIVED, S.IN_HANDLING):
        verdict = may_transition(current, S.IN_APPEAL)
        assert (verdict.rule, verdict.reason) == ("R-16.1", "rules-status-appeal-needs-decision")


def test_R_15_1_reopening_a_closed_case_goes_back_to_in_handling() -> None:
    assert allowed_next(S.CLOSED) == {S.IN_HANDLING}
    assert may_transition(S.CLOSED, S.DECIDED).reason == "rules-status-closed-reopen"
    assert may_transition(S.CLOSED, S.RECEIVED).reason == (
        "rules-status-received-only-from-unconfirmed")


def test_R_7_4_unconfirmed_report_only_becomes_received() -> None:
    for target in (S.IN_HANDLING, S.DECLINED, S.DECIDED, S.CLOSED):
        assert may_transition(S.AWAITING_CONFIRMATION, target).reason == (
            "rules-status-unconfirmed")
    assert may_transition(S.CLOSED, S.AWAITING_CONFIRMATION).reason == (
        "rules-status-back-to-unconfirmed")


def test_R_10_3_a_decision_follows_handling_and_closing_needs_an_outcome() -> None:
    assert may_transition(S.RECEIVED, S.DECIDED).reason == "rules-status-decide-needs-handling"
    assert may_transition(S.RECEIVED, S.CLOSED).reason == "rules-status-close-needs-outcome"
    assert may_transition(S.IN_HANDLING, S.CLOSED).reason == "rules-status-close-needs-outcome"


def test_R_16_2_a_pending_appeal_is_decided_first() -> None:
    for target in (S.CLOSED,):
        assert may_transition(S.IN_APPEAL, target).reason == "rules-status-appeal-pending"


def test_R_14_1_staying_in_the_same_status_is_not_a_transition() -> None:
    for status in S:
        assert may_transition(status, status).reason == "rules-status-unchanged"


@pytest.mark.parametrize(("current", "target"), ALL_PAIRS)
def test_R_14_1_every_refusal_cites_a_rule_and_every_status_is_covered(
    current: CaseStatus, target: CaseStatus
) -> None:
    assert set(TRANSITIONS) == set(S)
    verdict = may_transition(current, target)
    assert verdict.allowed == (target in TRANSITIONS[current])
    if not verdict:
        assert verdict.rule.startswith("R-")
        assert verdict.reason.startswith("rules-status-")
