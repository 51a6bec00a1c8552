"""R-15.2, R-15.3, R-14.3 (who opens what) and R-7.2 (who enters reports)."""

from __future__ import annotations

from bvr.domain import DecisionBody, PartyRole, Role
from bvr.rules.access import (
    case_key_holders,
    case_key_roles,
    case_readers,
    channel_readers,
    incident_readers,
    may_declare_conflict,
    may_enter_report,
    may_open_case_file,
    may_read_incident_record,
    may_see_sanctions_register,
    register_entry_readers,
    sanctions_register_holders,
    screening_note_readers,
    screening_run_readers,
)
from bvr.rules.facts import CaseFacts
from tests.rules.people import (
    BOARD_A,
    BOARD_B,
    BVR,
    COMMITTEE,
    CONFIDANT,
    CONTACT,
    CONTACT_2,
    DIRECTOR,
    OFFICERS,
    OUTSIDER,
    STAFF,
    STAFF_2,
)

PLAIN = CaseFacts()


def ids(*actors: object) -> frozenset[int]:
    return frozenset(a.person_id for a in actors)  # type: ignore[attr-defined]


def test_R_15_2_director_and_board_bvr_open_case_files() -> None:
    assert may_open_case_file(DIRECTOR, PLAIN, OFFICERS)
    assert may_open_case_file(BVR, PLAIN, OFFICERS)
    assert case_key_roles(PLAIN, OFFICERS) == {Role.DIRECTOR, Role.BOARD_BVR}
    assert case_key_holders(PLAIN, OFFICERS) == ids(DIRECTOR, BVR)


def test_R_15_2_board_and_committee_only_for_appeals_they_handle() -> None:
    for person in (BOARD_A, COMMITTEE):
        verdict = may_open_case_file(person, PLAIN, OFFICERS)
        assert (verdict.rule, verdict.reason) == ("R-15.2", "rules-access-appeal-only")
    to_board = CaseFacts(appeal_heard_by=DecisionBody.BOARD)
    assert may_open_case_file(BOARD_A, to_board, OFFICERS)
    assert not may_open_case_file(COMMITTEE, to_board, OFFICERS)
    assert case_key_holders(to_board, OFFICERS) == ids(DIRECTOR, BVR, BOARD_A, BOARD_B)
    to_committee = CaseFacts(appeal_heard_by=DecisionBody.APPEALS_COMMITTEE)
    assert may_open_case_file(COMMITTEE, to_committee, OFFICERS)
    assert not may_open_case_file(BOARD_A, to_committee, OFFICERS)
    assert case_key_roles(to_committee, OFFICERS) == {Role.DIRECTOR, Role.BOARD_BVR,
                                                      Role.APPEALS_COMMITTEE}


def test_R_15_2_confidant_takes_reports_but_does_not_open_files() -> None:
    verdict = may_open_case_file(CONFIDANT, PLAIN, OFFICERS)
    assert (verdict.rule, verdict.reason) == ("R-15.2", "rules-access-confidant")
    assert may_enter_report(CONFIDANT)


def test_R_15_2_staff_and_contact_persons_do_not_open_files() -> None:
    for person in (STAFF, CONTACT, OUTSIDER):
        assert may_open_case_file(person, PLAIN, OFFICERS).reason == "rules-access-not-allowed"


def test_R_14_3_board_bvr_sees_all_case_files() -> None:
    staff_case = CaseFacts.build([(STAFF.person_id, PartyRole.RESPONDENT)])
    appeal_case = CaseFacts(appeal_heard_by=DecisionBody.APPEALS_COMMITTEE)
    for case in (PLAIN, staff_case, appeal_case):
        assert may_open_case_file(BVR, case, OFFICERS)


def test_R_15_2_involved_people_never_open_the_file() -> None:
    case = CaseFacts.build([(BVR.person_id, PartyRole.RESPONDENT)])
    verdict = may_open_case_file(BVR, case, OFFICERS)
    assert (verdict.rule, verdict.reason) == ("R-15.2", "rules-access-involved")
    assert BVR.person_id not in case_key_holders(case, OFFICERS)


def test_R_10_1_director_does_not_open_a_file_taken_away_from_them() -> None:
    case = CaseFacts.build([(STAFF_2.person_id, PartyRole.REPORTER)])
    verdict = may_open_case_file(DIRECTOR, case, OFFICERS)
    assert (verdict.rule, verdict.reason) == ("R-10.1", "rules-access-director-stepped-aside")
    assert case_key_holders(case, OFFICERS) == ids(BVR)


def test_R_10_1_board_opens_a_case_it_handles_itself() -> None:
    case = CaseFacts.build([(DIRECTOR.person_id, PartyRole.RESPONDENT)], [BVR.person_id])
    assert case_key_holders(case, OFFICERS) == ids(BOARD_A, BOARD_B)


def test_R_15_3_sanctions_register_for_contact_persons_staff_and_board_bvr() -> None:
    for person in (CONTACT, STAFF, DIRECTOR, BVR):
        assert may_see_sanctions_register(person)
    for person in (BOARD_A, CONFIDANT, COMMITTEE, OUTSIDER):
        verdict = may_see_sanctions_register(person)
        assert (verdict.rule, verdict.reason) == ("R-15.3", "rules-access-register")
    assert sanctions_register_holders(OFFICERS) == ids(CONTACT, CONTACT_2, STAFF, STAFF_2,
                                                       DIRECTOR, BVR)


def test_R_7_2_reports_are_entered_by_the_reporting_channels() -> None:
    for person in (CONTACT, STAFF, DIRECTOR, BVR, BOARD_A, CONFIDANT):
        assert may_enter_report(person)
    assert may_enter_report(OUTSIDER).reason == "rules-access-enter-report"
    assert not may_enter_report(COMMITTEE)


def test_R_8_1_during_an_event_contact_persons_staff_and_board_take_reports() -> None:
    for person in (CONTACT, STAFF, DIRECTOR, BVR, BOARD_A):
        assert may_enter_report(person), person


# --- one function per record kind (issue 11) -------------------------------------------------

def test_R_10_1_a_delegate_reads_the_file_while_the_delegation_lasts() -> None:
    delegated = CaseFacts(delegates=frozenset({CONFIDANT.person_id}))
    assert may_open_case_file(CONFIDANT, delegated, OFFICERS)
    assert CONFIDANT.person_id in case_readers(delegated, OFFICERS)
    assert CONFIDANT.person_id not in case_readers(PLAIN, OFFICERS)
    conflicted = CaseFacts(delegates=frozenset({CONFIDANT.person_id}),
                           conflicts=frozenset({CONFIDANT.person_id}))
    assert not may_open_case_file(CONFIDANT, conflicted, OFFICERS)


def test_R_10_1_delegation_does_not_bring_the_file_back_to_staff() -> None:
    # A staff member is the respondent: the file left the director's side.
    case = CaseFacts.build([(STAFF.person_id, PartyRole.RESPONDENT)],
                           delegates={STAFF_2.person_id})
    assert not may_open_case_file(STAFF_2, case, OFFICERS)


def test_R_11_3_the_board_reads_the_file_while_it_decides_d_to_f() -> None:
    deciding = CaseFacts(board_deciding=True)
    assert case_readers(deciding, OFFICERS) == ids(DIRECTOR, BVR, BOARD_A, BOARD_B)
    involved = CaseFacts.build([(BOARD_A.person_id, PartyRole.WITNESS)], board_deciding=True)
    assert BOARD_A.person_id not in case_readers(involved, OFFICERS)


def test_R_7_3_the_reporter_channel_is_read_by_the_case_readers() -> None:
    case = CaseFacts(conflicts=frozenset({DIRECTOR.person_id}))
    assert channel_readers(case, OFFICERS) == case_readers(case, OFFICERS) == ids(BVR)


def test_R_8_5_contact_persons_of_the_event_read_its_record_but_never_a_party() -> None:
    contacts = ids(CONTACT, CONTACT_2)
    assert incident_readers(PLAIN, contacts, OFFICERS) == contacts
    accused = CaseFacts.build([(CONTACT_2.person_id, PartyRole.RESPONDENT)])
    assert incident_readers(accused, contacts, OFFICERS) == ids(CONTACT)
    assert not may_read_incident_record(CONTACT_2, accused, contacts, OFFICERS)
    assert incident_readers(PLAIN, ids(CONTACT), OFFICERS) == ids(CONTACT)


def test_R_15_3_a_register_entry_is_not_read_by_anyone_involved_in_its_case() -> None:
    case = CaseFacts.build([(CONTACT.person_id, PartyRole.RESPONDENT)])
    readers = register_entry_readers(case, OFFICERS)
    assert CONTACT.person_id not in readers
    assert readers == sanctions_register_holders(OFFICERS) - ids(CONTACT)


def test_R_6_2_screening_is_read_by_the_director_and_bvr_never_about_themselves() -> None:
    assert screening_run_readers(OFFICERS) == ids(DIRECTOR, BVR)
    assert screening_note_readers(OFFICERS, ids(DIRECTOR)) == ids(BVR)


def test_R_10_1_only_those_who_could_be_handed_the_file_declare_a_conflict() -> None:
    for actor in (DIRECTOR, BVR, BOARD_A, COMMITTEE, CONFIDANT, STAFF):
        assert may_declare_conflict(actor, PLAIN)
    for actor in (CONTACT, OUTSIDER):
        assert may_declare_conflict(actor, PLAIN).rule == "R-10.1"
        assert not may_declare_conflict(actor, PLAIN)
    assert may_declare_conflict(OUTSIDER, CaseFacts(delegates=frozenset({OUTSIDER.person_id})))
