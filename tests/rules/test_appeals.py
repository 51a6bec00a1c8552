"""R-16.1 to R-16.4: who may appeal, where an appeal goes, when it can be filed."""

from __future__ import annotations

from bvr.domain import CaseStatus, DecisionBody, PartyRole
from bvr.rules.appeals import OUTSIDE, Decision, may_appeal, may_file_appeal, route
from tests.rules.people import AMSTERDAM, at

P = PartyRole
B = DecisionBody
ANNOUNCED = at(2025, 1, 6, 9)
BY_DIRECTOR = Decision(B.DIRECTOR_OR_BOARD_BVR, ANNOUNCED)


def test_R_16_1_reporter_sanctioned_and_directly_involved_may_appeal() -> None:
    for role in (P.REPORTER, P.VICTIM, P.RESPONDENT, P.OTHER):
        assert may_appeal({role}), role
    assert may_appeal(set(), sanctioned=True)


def test_R_16_1_witness_may_not_appeal() -> None:
    verdict = may_appeal({P.WITNESS})
    assert (verdict.rule, verdict.reason) == ("R-16.1", "rules-appeal-not-involved")
    assert not may_appeal(set())


def test_R_16_2_director_decision_goes_to_the_board_final() -> None:
    r = route(B.DIRECTOR_OR_BOARD_BVR)
    assert (r.heard_by, r.final, r.outside_step, r.stored) == (B.BOARD, True, False, "board")


def test_R_16_2_board_decision_goes_to_the_appeals_committee_final() -> None:
    r = route(B.BOARD)
    assert (r.heard_by, r.final) == (B.APPEALS_COMMITTEE, True)


def test_R_16_2_after_the_appeals_committee_only_an_outside_step() -> None:
    r = route(B.APPEALS_COMMITTEE)
    assert r.heard_by is None
    assert r.outside_step
    assert r.stored == OUTSIDE


def test_R_16_2_board_decision_on_appeal_is_final() -> None:
    assert route(B.BOARD, on_appeal=True).outside_step
    verdict = may_file_appeal({P.RESPONDENT}, Decision(B.BOARD, ANNOUNCED, on_appeal=True),
                              CaseStatus.DECIDED, at(2025, 1, 10), AMSTERDAM)
    assert (verdict.rule, verdict.reason) == ("R-16.2", "rules-appeal-final")


def test_R_16_2_contact_person_decision_goes_to_the_director_first() -> None:
    r = route(B.CONTACT_PERSON)
    assert (r.heard_by, r.final) == (B.DIRECTOR_OR_BOARD_BVR, False)


def test_R_16_3_appeal_within_eight_weeks() -> None:
    assert may_file_appeal({P.REPORTER}, BY_DIRECTOR, CaseStatus.DECIDED, at(2025, 3, 3, 20),
                           AMSTERDAM)
    verdict = may_file_appeal({P.REPORTER}, BY_DIRECTOR, CaseStatus.DECIDED, at(2025, 3, 4, 8),
                              AMSTERDAM)
    assert (verdict.rule, verdict.reason) == ("R-16.3", "rules-appeal-too-late")


def test_R_16_3_unannounced_decision_cannot_be_appealed_yet() -> None:
    decision = Decision(B.DIRECTOR_OR_BOARD_BVR, None)
    verdict = may_file_appeal({P.REPORTER}, decision, CaseStatus.DECIDED, at(2025, 1, 8),
                              AMSTERDAM)
    assert verdict.reason == "rules-appeal-not-announced"


def test_R_16_4_no_appeal_during_the_event_but_in_writing_afterwards() -> None:
    on_site = Decision(B.CONTACT_PERSON, at(2025, 5, 10, 14), at_event=True)
    during = may_file_appeal({P.RESPONDENT}, on_site, CaseStatus.DECIDED, at(2025, 5, 10, 16),
                             AMSTERDAM, event_running=True)
    assert (during.rule, during.reason) == ("R-16.4", "rules-appeal-during-event")
    assert may_file_appeal({P.RESPONDENT}, on_site, CaseStatus.DECIDED, at(2025, 5, 12, 9),
                           AMSTERDAM, event_running=False)


def test_R_16_1_appeal_needs_a_decided_case_and_an_involved_appellant() -> None:
    assert may_file_appeal({P.REPORTER}, BY_DIRECTOR, CaseStatus.IN_HANDLING, at(2025, 1, 8),
                           AMSTERDAM).reason == "rules-appeal-no-decision-yet"
    assert may_file_appeal({P.WITNESS}, BY_DIRECTOR, CaseStatus.DECIDED, at(2025, 1, 8),
                           AMSTERDAM).reason == "rules-appeal-not-involved"


def test_R_16_2_no_sanction_beside_a_pending_appeal_and_only_an_upheld_one_changes_it() -> None:
    from bvr.rules.appeals import may_change_on_appeal, may_sanction_now

    verdict = may_sanction_now(CaseStatus.IN_APPEAL)
    assert (verdict.rule, verdict.reason) == ("R-16.2", "rules-appeal-pending-no-sanction")
    for status in set(CaseStatus) - {CaseStatus.IN_APPEAL}:
        assert may_sanction_now(status), status
    assert may_change_on_appeal(True, changes_sanction=True)
    assert may_change_on_appeal(False, changes_sanction=False)
    verdict = may_change_on_appeal(False, changes_sanction=True)
    assert (verdict.rule, verdict.reason) == ("R-16.2", "rules-appeal-dismissed-no-change")
