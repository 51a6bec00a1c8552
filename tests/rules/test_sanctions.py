"""R-11.1 to R-11.4 and R-8.4: who imposes which sanction, what a sanction must say, when it is
in force."""

from __future__ import annotations

from datetime import date

from bvr.domain import Category, DecisionBody, PartyRole, SanctionType
from bvr.rules.facts import CaseFacts, SanctionTerms
from bvr.rules.sanctions import (
    alv_term,
    body_may_impose,
    check_terms,
    deciding_body,
    in_force_at,
    in_force_on,
    may_impose,
    sanction_end,
)
from tests.rules.people import (
    AMSTERDAM,
    BOARD_A,
    BVR,
    COMMITTEE,
    CONTACT,
    DIRECTOR,
    OFFICERS,
    STAFF,
    utc,
)

T = SanctionType
D_OR_B = DecisionBody.DIRECTOR_OR_BOARD_BVR
PLAIN = CaseFacts()
MAY_1 = date(2025, 5, 1)


def test_R_11_3_director_level_sanctions_are_a_to_c() -> None:
    for sanction in (T.WARNING, T.EVENT_EXCLUSION, T.NO_CONTACT):
        assert deciding_body(sanction) is D_OR_B
        assert body_may_impose(D_OR_B, sanction)
    for sanction in (T.EXCLUSION, T.REPORT_TO_WMF, T.REPORT_TO_POLICE, T.OTHER):
        assert deciding_body(sanction) is DecisionBody.BOARD


def test_R_11_3_board_only_for_exclusion() -> None:
    verdict = may_impose(DIRECTOR, D_OR_B, T.EXCLUSION, PLAIN, OFFICERS)
    assert (verdict.rule, verdict.reason) == ("R-11.3", "rules-sanction-board-only")
    assert may_impose(BOARD_A, DecisionBody.BOARD, T.EXCLUSION, PLAIN, OFFICERS)


def test_R_11_3_director_sanctions_are_configurable() -> None:
    assert deciding_body(T.NO_CONTACT, director_sanctions={T.WARNING}) is DecisionBody.BOARD
    verdict = may_impose(DIRECTOR, D_OR_B, T.NO_CONTACT, PLAIN, OFFICERS,
                         director_sanctions={T.WARNING})
    assert verdict.reason == "rules-sanction-board-only"


def test_R_11_3_director_and_or_board_bvr_impose_a_warning() -> None:
    assert may_impose(DIRECTOR, D_OR_B, T.WARNING, PLAIN, OFFICERS)
    assert may_impose(BVR, D_OR_B, T.WARNING, PLAIN, OFFICERS)
    assert may_impose(STAFF, D_OR_B, T.WARNING, PLAIN, OFFICERS).reason == (
        "rules-sanction-not-director")


def test_R_11_3_only_board_members_decide_for_the_board() -> None:
    verdict = may_impose(DIRECTOR, DecisionBody.BOARD, T.EXCLUSION, PLAIN, OFFICERS)
    assert verdict.reason == "rules-sanction-not-board"


def test_R_11_4_combined_with_R_10_1_director_does_not_decide_when_staff_involved() -> None:
    case = CaseFacts.build([(STAFF.person_id, PartyRole.RESPONDENT)])
    verdict = may_impose(DIRECTOR, D_OR_B, T.WARNING, case, OFFICERS)
    assert (verdict.rule, verdict.reason) == ("R-10.1", "rules-handle-board-bvr-responsible")
    assert may_impose(BVR, D_OR_B, T.WARNING, case, OFFICERS)


def test_R_11_4_involved_person_does_not_decide() -> None:
    case = CaseFacts.build(conflicts=[BOARD_A.person_id])
    verdict = may_impose(BOARD_A, DecisionBody.BOARD, T.EXCLUSION, case, OFFICERS)
    assert (verdict.rule, verdict.reason) == ("R-11.4", "rules-decide-involved")


def test_R_11_4_when_the_board_handles_the_case_director_level_goes_to_the_board() -> None:
    case = CaseFacts.build([(DIRECTOR.person_id, PartyRole.REPORTER)], [BVR.person_id])
    assert may_impose(BVR, D_OR_B, T.WARNING, case, OFFICERS).reason == "rules-decide-involved"
    assert may_impose(BOARD_A, D_OR_B, T.WARNING, case, OFFICERS).reason == (
        "rules-handle-board-responsible")
    assert may_impose(BOARD_A, DecisionBody.BOARD, T.WARNING, case, OFFICERS)


def test_R_16_2_appeals_committee_imposes_only_in_its_appeal() -> None:
    verdict = may_impose(COMMITTEE, DecisionBody.APPEALS_COMMITTEE, T.EXCLUSION, PLAIN, OFFICERS)
    assert verdict.reason == "rules-sanction-committee-no-appeal"
    in_appeal = CaseFacts(appeal_heard_by=DecisionBody.APPEALS_COMMITTEE)
    assert may_impose(COMMITTEE, DecisionBody.APPEALS_COMMITTEE, T.EXCLUSION, in_appeal, OFFICERS)
    assert may_impose(BOARD_A, DecisionBody.APPEALS_COMMITTEE, T.EXCLUSION, in_appeal,
                      OFFICERS).reason == "rules-sanction-not-committee"


def test_R_8_4_contact_person_takes_immediate_measures_during_the_event() -> None:
    cp = DecisionBody.CONTACT_PERSON
    for sanction in (T.WARNING, T.EVENT_EXCLUSION, T.NO_CONTACT, T.REPORT_TO_POLICE):
        assert may_impose(CONTACT, cp, sanction, PLAIN, OFFICERS, event_running=True)
    verdict = may_impose(CONTACT, cp, T.EXCLUSION, PLAIN, OFFICERS, event_running=True)
    assert (verdict.rule, verdict.reason) == ("R-8.4", "rules-sanction-not-on-site")
    assert may_impose(CONTACT, cp, T.WARNING, PLAIN, OFFICERS).reason == (
        "rules-sanction-event-over")
    assert may_impose(STAFF, cp, T.WARNING, PLAIN, OFFICERS, event_running=True).reason == (
        "rules-sanction-not-contact-person")


def test_R_11_2_other_requires_justification() -> None:
    assert check_terms(SanctionTerms(T.OTHER, MAY_1, justification="  ")).reason == (
        "rules-sanction-other-needs-justification")
    assert check_terms(SanctionTerms(T.OTHER, MAY_1, justification="Mentoring for a year"))


def test_R_11_1_exclusion_never_covers_the_alv_for_members() -> None:
    verdict = check_terms(SanctionTerms(T.EXCLUSION, MAY_1, covers_alv=True, against_member=True,
                                        alv_reason="Any reason at all"))
    assert (verdict.rule, verdict.reason) == ("R-11.1", "rules-sanction-alv")
    assert check_terms(SanctionTerms(T.EXCLUSION, MAY_1, against_member=True))


def test_R_11_1_d_an_exclusion_leaves_out_the_alv_by_default_and_a_choice_needs_a_reason() -> None:
    default = SanctionTerms(T.EXCLUSION, MAY_1)
    assert check_terms(default) and alv_term(default) == "excepted"
    unexplained = SanctionTerms(T.EXCLUSION, MAY_1, covers_alv=True, alv_reason="  ")
    assert (check_terms(unexplained).rule, check_terms(unexplained).reason) == (
        "R-11.1", "rules-sanction-alv-reason")
    explained = SanctionTerms(T.EXCLUSION, MAY_1, covers_alv=True,
                              alv_reason="Not a member: membership ended in 2025")
    assert check_terms(explained) and alv_term(explained) == "included"
    for kind in set(T) - {T.EXCLUSION}:
        assert alv_term(SanctionTerms(kind, MAY_1)) == ""  # only (d) says anything of the ALV


def test_R_11_1_fixed_term_needs_end_after_start() -> None:
    assert check_terms(SanctionTerms(T.EXCLUSION, MAY_1, MAY_1)).reason == (
        "rules-sanction-end-before-start")
    assert check_terms(SanctionTerms(T.EXCLUSION, MAY_1, date(2025, 4, 1))).reason == (
        "rules-sanction-end-before-start")
    assert check_terms(SanctionTerms(T.EXCLUSION, MAY_1, date(2026, 5, 1)))
    assert check_terms(SanctionTerms(T.EXCLUSION, MAY_1, None))  # indefinite (d)


def test_R_11_1_one_off_sanctions_have_no_end_and_event_exclusion_has_one() -> None:
    assert check_terms(SanctionTerms(T.WARNING, MAY_1, date(2025, 6, 1))).reason == (
        "rules-sanction-one-off-no-end")
    assert check_terms(SanctionTerms(T.EVENT_EXCLUSION, MAY_1)).reason == (
        "rules-sanction-event-exclusion-needs-end")
    assert check_terms(SanctionTerms(T.EVENT_EXCLUSION, MAY_1, date(2025, 5, 3)))


def test_R_15_3_sanction_in_force_between_start_and_expiry() -> None:
    terms = SanctionTerms(T.EXCLUSION, MAY_1, date(2025, 8, 1))
    assert not in_force_on(terms, date(2025, 4, 30))
    assert in_force_on(terms, MAY_1)
    assert in_force_on(terms, date(2025, 7, 31))
    assert not in_force_on(terms, date(2025, 8, 1))  # the expiry day is free again
    assert in_force_on(SanctionTerms(T.EXCLUSION, MAY_1), date(2099, 1, 1))  # indefinite
    assert not in_force_on(SanctionTerms(T.WARNING, MAY_1), MAY_1)  # one-off acts


def test_R_15_3_in_force_at_a_moment_uses_the_local_day() -> None:
    terms = SanctionTerms(T.NO_CONTACT, MAY_1, date(2025, 6, 1))
    # 30 April 22:30 UTC is already 1 May in Amsterdam (summer time, UTC+2).
    assert in_force_at(terms, utc(2025, 4, 30, 22, 30), AMSTERDAM)
    assert not in_force_at(terms, utc(2025, 4, 30, 21, 59), AMSTERDAM)


def test_R_15_4_sanction_end_for_one_off_and_lasting() -> None:
    assert sanction_end(SanctionTerms(T.WARNING, MAY_1)) == MAY_1
    assert sanction_end(SanctionTerms(T.EXCLUSION, MAY_1)) is None
    assert sanction_end(SanctionTerms(T.NO_CONTACT, MAY_1, date(2025, 9, 1))) == date(2025, 9, 1)


def test_R_9_3_sanctions_for_bad_faith_reporting_are_the_boards() -> None:
    bad_faith = CaseFacts(category=Category.BAD_FAITH_REPORT)
    verdict = may_impose(DIRECTOR, D_OR_B, T.WARNING, bad_faith, OFFICERS)
    assert (verdict.rule, verdict.reason) == ("R-9.3", "rules-sanction-bad-faith-board")
    assert may_impose(BOARD_A, DecisionBody.BOARD, T.WARNING, bad_faith, OFFICERS)
