"""R-10.1 (who handles and investigates) and R-11.4 (who takes part in deciding)."""

from __future__ import annotations

from bvr.domain import PartyRole, Role
from bvr.rules.facts import CaseFacts
from bvr.rules.handling import (
    may_delegate_investigation,
    may_handle,
    may_investigate,
    may_take_part_in_deciding,
    responsible_role,
)
from tests.rules.people import (
    BOARD_A,
    BOARD_B,
    BVR,
    CONFIDANT,
    DIRECTOR,
    OFFICERS,
    OUTSIDER,
    STAFF,
    STAFF_2,
)

PLAIN = CaseFacts()  # nobody with an account involved
STAFF_RESPONDENT = CaseFacts.build([(STAFF.person_id, PartyRole.RESPONDENT)])


def test_R_10_1_director_handles_an_ordinary_case() -> None:
    assert responsible_role(PLAIN, OFFICERS) is Role.DIRECTOR
    assert may_handle(DIRECTOR, PLAIN, OFFICERS)
    verdict = may_handle(BVR, PLAIN, OFFICERS)
    assert not verdict
    assert (verdict.rule, verdict.reason) == ("R-10.1", "rules-handle-director-responsible")


def test_R_10_1_board_bvr_handles_when_director_is_respondent() -> None:
    case = CaseFacts.build([(DIRECTOR.person_id, PartyRole.RESPONDENT)])
    assert responsible_role(case, OFFICERS) is Role.BOARD_BVR
    assert may_handle(BVR, case, OFFICERS)
    assert may_handle(DIRECTOR, case, OFFICERS).reason == "rules-handle-involved"


def test_R_10_1_board_bvr_handles_when_staff_is_reporter_or_respondent() -> None:
    for role in (PartyRole.REPORTER, PartyRole.RESPONDENT, PartyRole.VICTIM):
        case = CaseFacts.build([(STAFF.person_id, role)])
        assert responsible_role(case, OFFICERS) is Role.BOARD_BVR, role
        assert may_handle(DIRECTOR, case, OFFICERS).reason == "rules-handle-board-bvr-responsible"


def test_R_10_1_staff_witness_does_not_move_the_case() -> None:
    case = CaseFacts.build([(STAFF.person_id, PartyRole.WITNESS)])
    assert responsible_role(case, OFFICERS) is Role.DIRECTOR


def test_R_10_1_director_with_declared_conflict_steps_aside() -> None:
    case = CaseFacts.build(conflicts=[DIRECTOR.person_id])
    assert responsible_role(case, OFFICERS) is Role.BOARD_BVR


def test_R_10_1_board_handles_when_director_side_and_board_bvr_are_involved() -> None:
    case = CaseFacts.build([(STAFF.person_id, PartyRole.RESPONDENT),
                            (BVR.person_id, PartyRole.REPORTER)])
    assert responsible_role(case, OFFICERS) is Role.BOARD
    assert may_handle(BOARD_A, case, OFFICERS)
    assert not may_handle(BVR, case, OFFICERS)
    assert may_handle(DIRECTOR, case, OFFICERS).reason == "rules-handle-board-responsible"


def test_R_10_1_board_bvr_involved_alone_leaves_the_case_with_the_director() -> None:
    case = CaseFacts.build(conflicts=[BVR.person_id])
    assert responsible_role(case, OFFICERS) is Role.DIRECTOR


def test_R_10_1_responsible_person_investigates() -> None:
    assert may_investigate(DIRECTOR, PLAIN, OFFICERS)
    verdict = may_investigate(STAFF, PLAIN, OFFICERS)
    assert verdict.reason == "rules-investigate-not-assigned"


def test_R_10_1_investigation_may_be_delegated_to_confidant_or_external() -> None:
    assert may_delegate_investigation(DIRECTOR, CONFIDANT, PLAIN, OFFICERS)
    assert may_delegate_investigation(DIRECTOR, OUTSIDER, PLAIN, OFFICERS)
    assert may_investigate(CONFIDANT, PLAIN, OFFICERS, delegates={CONFIDANT.person_id})
    assert may_investigate(OUTSIDER, PLAIN, OFFICERS, delegates={OUTSIDER.person_id})


def test_R_10_1_only_the_responsible_person_delegates() -> None:
    verdict = may_delegate_investigation(BOARD_A, CONFIDANT, PLAIN, OFFICERS)
    assert verdict.reason == "rules-handle-director-responsible"
    assert may_delegate_investigation(DIRECTOR, DIRECTOR, PLAIN, OFFICERS).reason == (
        "rules-delegate-self")


def test_R_10_1_a_case_taken_from_the_director_is_not_delegated_back_to_staff() -> None:
    verdict = may_delegate_investigation(BVR, STAFF_2, STAFF_RESPONDENT, OFFICERS)
    assert verdict.reason == "rules-delegate-staff"
    assert may_delegate_investigation(BVR, CONFIDANT, STAFF_RESPONDENT, OFFICERS)


def test_R_10_1_involved_or_related_never_investigates() -> None:
    case = CaseFacts.build([(OUTSIDER.person_id, PartyRole.WITNESS)], [CONFIDANT.person_id])
    for person in (OUTSIDER, CONFIDANT):
        assert may_delegate_investigation(DIRECTOR, person, case, OFFICERS).reason == (
            "rules-investigate-involved")
        verdict = may_investigate(person, case, OFFICERS, delegates={person.person_id})
        assert (verdict.rule, verdict.reason) == ("R-10.1", "rules-investigate-involved")


def test_R_11_4_involved_or_related_takes_no_part_in_deciding() -> None:
    case = CaseFacts.build([(BOARD_A.person_id, PartyRole.VICTIM)], [BOARD_B.person_id])
    assert may_take_part_in_deciding(BVR, case)
    for person in (BOARD_A, BOARD_B):
        verdict = may_take_part_in_deciding(person, case)
        assert (verdict.rule, verdict.reason) == ("R-11.4", "rules-decide-involved")
