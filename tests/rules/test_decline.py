"""R-9.1 and R-9.2: declining evidently unfounded or bad-faith reports."""

from __future__ import annotations

from bvr.domain import DecisionBody, PartyRole, Role
from bvr.rules.decline import ALONE_NOTICE, decline_body, decline_status, may_approve_decline
from bvr.rules.facts import Actor, CaseFacts, Officers
from tests.rules.people import (
    BOARD_A,
    BOARD_B,
    BVR,
    CONFIDANT,
    CONTACT,
    CONTACT_2,
    DIRECTOR,
    OFFICERS,
    STAFF,
)

PLAIN = CaseFacts()


def test_R_9_1_director_and_board_bvr_decline_together() -> None:
    status = decline_status([DIRECTOR, BVR], PLAIN, OFFICERS)
    assert status.verdict
    assert status.body is DecisionBody.DIRECTOR_OR_BOARD_BVR
    assert status.still_needed == frozenset()


def test_R_9_1_one_of_them_is_not_enough() -> None:
    status = decline_status([DIRECTOR], PLAIN, OFFICERS)
    assert not status.verdict
    assert (status.verdict.rule, status.verdict.reason) == (
        "R-9.1", "rules-decline-needs-director-and-bvr")
    assert status.still_needed == {Role.BOARD_BVR}
    assert decline_status([], PLAIN, OFFICERS).still_needed == {Role.DIRECTOR, Role.BOARD_BVR}


def test_R_9_1_the_same_person_twice_is_not_two_people() -> None:
    both = Actor(20, frozenset({Role.DIRECTOR, Role.BOARD_BVR}))
    officers = Officers.of(both, BOARD_A, BOARD_B)
    status = decline_status([both, both], PLAIN, officers)
    assert not status.verdict
    assert status.still_needed == {Role.DIRECTOR, Role.BOARD_BVR}
    assert not decline_status([DIRECTOR, DIRECTOR], PLAIN, OFFICERS).verdict


def test_R_9_1_other_roles_do_not_count() -> None:
    assert may_approve_decline(STAFF, PLAIN, OFFICERS).reason == (
        "rules-decline-not-director-or-bvr")
    assert not decline_status([DIRECTOR, STAFF, BOARD_A], PLAIN, OFFICERS).verdict


def test_R_9_1_board_decides_when_director_is_involved() -> None:
    case = CaseFacts.build([(DIRECTOR.person_id, PartyRole.RESPONDENT)])
    assert decline_body(case, OFFICERS) is DecisionBody.BOARD
    assert may_approve_decline(DIRECTOR, case, OFFICERS).reason == "rules-decline-involved"
    assert may_approve_decline(STAFF, case, OFFICERS).reason == "rules-decline-board-decides"
    one = decline_status([BVR], case, OFFICERS)
    assert not one.verdict
    assert one.still_needed == {Role.BOARD}
    assert one.verdict.params == {"num": 1}
    assert decline_status([BVR, BOARD_A], case, OFFICERS).verdict


def test_R_9_1_board_decides_when_board_bvr_is_involved_and_excludes_them() -> None:
    case = CaseFacts.build(conflicts=[BVR.person_id])
    assert decline_body(case, OFFICERS) is DecisionBody.BOARD
    assert not decline_status([BVR, BOARD_A], case, OFFICERS).verdict  # BVR does not count
    assert decline_status([BOARD_A, BOARD_B], case, OFFICERS).verdict


def test_R_9_1_staff_involvement_alone_keeps_the_director_and_board_bvr() -> None:
    case = CaseFacts.build([(STAFF.person_id, PartyRole.RESPONDENT)])
    assert decline_body(case, OFFICERS) is DecisionBody.DIRECTOR_OR_BOARD_BVR


def test_R_9_2_contact_person_decides_during_event_with_a_second_person() -> None:
    status = decline_status([CONTACT, STAFF], PLAIN, OFFICERS, at_event=True)
    assert status.verdict
    assert status.body is DecisionBody.CONTACT_PERSON
    assert status.notice is None


def test_R_9_2_the_second_person_is_staff_or_board_not_another_contact_person() -> None:
    # Two contact persons are still the contact persons deciding without a second person.
    status = decline_status([CONTACT, CONTACT_2], PLAIN, OFFICERS, at_event=True)
    assert status.verdict and status.notice == ALONE_NOTICE
    assert decline_status([CONTACT, BOARD_A], PLAIN, OFFICERS, at_event=True).notice is None


def test_R_9_2_contact_person_alone_is_allowed_but_flagged() -> None:
    status = decline_status([CONTACT], PLAIN, OFFICERS, at_event=True)
    assert status.verdict
    assert status.notice == ALONE_NOTICE


def test_R_9_2_without_a_contact_person_nothing_is_decided() -> None:
    status = decline_status([STAFF, BOARD_A], PLAIN, OFFICERS, at_event=True)
    assert not status.verdict
    assert status.verdict.rule == "R-9.2"
    assert status.still_needed == {Role.CONTACT_PERSON}
    assert may_approve_decline(CONFIDANT, PLAIN, OFFICERS, at_event=True).reason == (
        "rules-decline-not-at-event")


def test_R_9_2_involved_contact_person_does_not_decide() -> None:
    case = CaseFacts.build([(CONTACT.person_id, PartyRole.WITNESS)])
    verdict = may_approve_decline(CONTACT, case, OFFICERS, at_event=True)
    assert (verdict.rule, verdict.reason) == ("R-9.2", "rules-decline-involved")
    assert not decline_status([CONTACT, STAFF], case, OFFICERS, at_event=True).verdict


def test_R_9_1_R_15_2_the_handler_proposes_to_the_board_and_board_members_record_it() -> None:
    from bvr.rules.decline import may_propose_decline, may_record_board_decision

    bvr_involved = CaseFacts.build([(BVR.person_id, PartyRole.RESPONDENT)])
    # The board decides; the director handles and proposes, without counting.
    assert decline_body(bvr_involved, OFFICERS) is DecisionBody.BOARD
    assert may_propose_decline(DIRECTOR, bvr_involved, OFFICERS)
    assert not may_approve_decline(DIRECTOR, bvr_involved, OFFICERS)
    assert not decline_status([DIRECTOR, BOARD_A], bvr_involved, OFFICERS).verdict
    assert decline_status([DIRECTOR, BOARD_A, BOARD_B], bvr_involved, OFFICERS).verdict
    # Nobody involved proposes; someone not handling the case does not either.
    verdict = may_propose_decline(BVR, bvr_involved, OFFICERS)
    assert (verdict.rule, verdict.reason) == ("R-9.1", "rules-decline-involved")
    assert not may_propose_decline(STAFF, bvr_involved, OFFICERS)
    # Where the director and the board member BVR decide, proposing is agreeing.
    assert may_propose_decline(DIRECTOR, PLAIN, OFFICERS)
    assert not may_propose_decline(BOARD_A, PLAIN, OFFICERS)
    # Only board members record the board's decision.
    assert may_record_board_decision(BOARD_A) and may_record_board_decision(BVR)
    verdict = may_record_board_decision(DIRECTOR)
    assert (verdict.rule, verdict.reason) == ("R-9.1", "rules-decline-board-members-only")
