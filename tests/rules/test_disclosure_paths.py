"""R-13.1 to R-13.3: `may_disclose`, the one check every path uses (issue 12, item 6)."""

from __future__ import annotations

from bvr.domain import Disclosure, PartyRole
from bvr.rules.disclosure import Relation, content_of, may_disclose, relations_of_party

R = Relation


def test_R_13_2_respondent_and_victim_receive_the_redacted_report_not_the_full_one() -> None:
    for relation in (R.RESPONDENT, R.VICTIM):
        assert may_disclose(relation, content_of("report"))
        assert may_disclose(relation, content_of("outcome"))
        verdict = may_disclose(relation, Disclosure.FULL_REPORT)
        assert (verdict.rule, verdict.reason) == ("R-13.2", "rules-disclosure-redacted-only")


def test_R_13_3_a_reporter_who_is_not_the_victim_gets_the_outline_only() -> None:
    reporter = relations_of_party({PartyRole.REPORTER})
    assert may_disclose(reporter, content_of(("process", "outcome")))
    verdict = may_disclose(reporter, content_of(("outcome", "report")))
    assert (verdict.rule, verdict.reason) == ("R-13.3", "rules-disclosure-outline-only")
    # A reporter who is also the victim gets the victim's report.
    assert may_disclose(relations_of_party({PartyRole.REPORTER, PartyRole.VICTIM}),
                        content_of("report"))


def test_R_13_1_a_witness_learns_nothing_of_the_outcome_but_hears_about_the_process() -> None:
    witness = relations_of_party({PartyRole.WITNESS})
    assert may_disclose(witness, content_of(("process", "timeline", "progress")))
    verdict = may_disclose(witness, content_of("outcome"))
    assert (verdict.rule, verdict.reason) == ("R-13.1", "rules-disclosure-nothing")
