"""Appeal rights survive (issue 12): R-16.1 standing against the case's parties, R-9.1 a
decline is appealable, R-16.3 no closing while an appeal is still possible."""

from __future__ import annotations

from datetime import timedelta

from bvr.domain import CaseStatus, DecisionBody, PartyRole
from bvr.rules.appeals import (
    Decision,
    may_appeal_in_status,
    may_close,
    standing,
    status_after_appeal,
)
from bvr.rules.deadlines import appeal_due
from tests.rules.people import AMSTERDAM, at

P = PartyRole
S = CaseStatus
ANNOUNCED = at(2025, 1, 6, 9)
BY_DIRECTOR = Decision(DecisionBody.DIRECTOR_OR_BOARD_BVR, ANNOUNCED)


def test_R_16_3_a_decision_not_announced_keeps_the_case_open() -> None:
    verdict = may_close(Decision(DecisionBody.DIRECTOR_OR_BOARD_BVR, None), ANNOUNCED, AMSTERDAM)
    assert (verdict.rule, verdict.reason) == ("R-16.3", "rules-close-not-announced")


def test_R_16_3_the_case_stays_open_for_the_whole_appeal_period() -> None:
    due = appeal_due(ANNOUNCED, AMSTERDAM)
    for when in (ANNOUNCED, ANNOUNCED + timedelta(days=9), due):
        verdict = may_close(BY_DIRECTOR, when, AMSTERDAM)
        assert verdict.reason == "rules-close-appeal-period-running", when
        assert verdict.params["due"] == "2025-03-03"
    assert may_close(BY_DIRECTOR, due + timedelta(microseconds=1), AMSTERDAM)


def test_R_16_3_a_final_decision_or_no_decision_lets_the_case_close() -> None:
    on_appeal = Decision(DecisionBody.BOARD, None, on_appeal=True)
    assert may_close(on_appeal, ANNOUNCED, AMSTERDAM)
    assert may_close(Decision(DecisionBody.APPEALS_COMMITTEE, None), ANNOUNCED, AMSTERDAM)
    assert may_close(None, ANNOUNCED, AMSTERDAM)


def test_R_9_1_R_16_1_a_decline_is_a_decision_that_can_be_appealed() -> None:
    assert may_appeal_in_status(S.DECLINED)
    assert may_appeal_in_status(S.DECIDED)
    assert status_after_appeal(against_decline=True, upheld=True) is S.IN_HANDLING
    assert status_after_appeal(against_decline=True, upheld=False) is S.DECLINED
    for upheld in (True, False):
        assert status_after_appeal(against_decline=False, upheld=upheld) is S.DECIDED


def test_R_16_1_an_appeal_before_any_decision_says_so() -> None:
    for status in (S.AWAITING_CONFIRMATION, S.RECEIVED, S.IN_HANDLING):
        verdict = may_appeal_in_status(status)
        assert (verdict.rule, verdict.reason) == ("R-16.1", "rules-appeal-no-decision-yet")
    assert may_appeal_in_status(S.IN_APPEAL).reason == "rules-appeal-already-pending"
    assert may_appeal_in_status(S.CLOSED).reason == "rules-appeal-case-closed"


def test_R_16_1_standing_is_checked_against_the_parties_of_the_case() -> None:
    parties = {P.REPORTER, P.RESPONDENT}
    assert standing({P.RESPONDENT}, parties)
    assert standing({P.REPORTER}, set())  # a case always has its reporter, even anonymous
    verdict = standing({P.VICTIM}, parties)
    assert (verdict.rule, verdict.reason) == ("R-16.1", "rules-appeal-not-a-party")
    assert standing({P.VICTIM}, parties | {P.VICTIM})
    assert standing({P.WITNESS}, parties | {P.WITNESS}).reason == "rules-appeal-not-involved"
    assert standing(set(), parties, sanctioned=True, case_has_sanction=True)
    verdict = standing(set(), parties, sanctioned=True, case_has_sanction=False)
    assert verdict.reason == "rules-appeal-no-sanction-in-case"
