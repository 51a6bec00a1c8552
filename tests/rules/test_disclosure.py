"""R-13.1 to R-13.4: what each person may learn of the outcome."""

from __future__ import annotations

from bvr.domain import Disclosure, PartyRole
from bvr.rules.disclosure import Relation, disclosure_for, relations_of_party

R = Relation


def test_R_13_2_respondent_and_victim_get_the_report_possibly_redacted() -> None:
    assert disclosure_for(R.RESPONDENT) is Disclosure.REDACTED_REPORT
    assert disclosure_for(R.VICTIM) is Disclosure.REDACTED_REPORT


def test_R_13_3_reporter_who_is_not_the_victim_gets_the_outline() -> None:
    assert disclosure_for(R.REPORTER_NOT_VICTIM) is Disclosure.OUTLINE
    assert relations_of_party({PartyRole.REPORTER}) == {R.REPORTER_NOT_VICTIM}


def test_R_13_3_reporter_who_is_the_victim_is_treated_as_victim() -> None:
    relations = relations_of_party({PartyRole.REPORTER, PartyRole.VICTIM})
    assert relations == {R.VICTIM}
    assert disclosure_for(relations) is Disclosure.REDACTED_REPORT


def test_R_13_4_deciders_and_appeal_body_see_the_full_report() -> None:
    assert disclosure_for(R.DECIDER) is Disclosure.FULL_REPORT
    assert disclosure_for(R.APPEAL_BODY) is Disclosure.FULL_REPORT


def test_R_13_1_anyone_else_learns_nothing() -> None:
    assert disclosure_for(R.OTHER) is Disclosure.NOTHING
    assert disclosure_for([]) is Disclosure.NOTHING
    assert relations_of_party({PartyRole.WITNESS}) == {R.OTHER}
    assert disclosure_for(relations_of_party(set())) is Disclosure.NOTHING


def test_R_13_4_several_relations_give_the_most_generous_level() -> None:
    assert disclosure_for({R.OTHER, R.REPORTER_NOT_VICTIM}) is Disclosure.OUTLINE
    assert disclosure_for({R.VICTIM, R.REPORTER_NOT_VICTIM}) is Disclosure.REDACTED_REPORT
