"""R-6.1(a) in screening: only exclusions in force, (b) and (d), flag a participant; other
sanctions in force are shown as information (issue 12, item 7)."""

from __future__ import annotations

from datetime import date

from bot.screening.findings import Finding, Result, Status
from bvr.domain import CaseStatus, DecisionBody, SanctionType
from bvr.rules.facts import SanctionTerms
from bvr.rules.sanctions import EXCLUSIONS, excludes_on
from bvr.services import decisions, screening
from bvr.services.core import Core
from tests.considerations import weighed
from tests.services.helpers import officers, report, unlock

DAY = date(2026, 5, 1)


def test_R_6_1_a_only_exclusions_in_force_count() -> None:
    assert {SanctionType.EVENT_EXCLUSION, SanctionType.EXCLUSION} == EXCLUSIONS
    for kind in SanctionType:
        terms = SanctionTerms(kind, date(2026, 4, 1), date(2026, 10, 1))
        assert excludes_on(terms, DAY) is (kind in EXCLUSIONS), kind
    ended = SanctionTerms(SanctionType.EXCLUSION, date(2026, 1, 1), date(2026, 2, 1))
    assert not excludes_on(ended, DAY)
    assert excludes_on(SanctionTerms(SanctionType.EXCLUSION, date(2026, 1, 1)), DAY)


def test_R_6_1_a_another_sanction_in_force_is_information_not_a_flag() -> None:
    informed = Result("Some user", "Some user", "Some user", exists_on=["nlwiki"])
    informed.add(Finding("a", "wmnl-sanction-info", "wmnl", detail={"sanction": "no_contact"}))
    informed.settle()
    assert informed.status is Status.CLEAN
    excluded = Result("Other user", "Other user", "Other user", exists_on=["nlwiki"])
    excluded.add(Finding("a", "wmnl-sanction", "wmnl"))
    excluded.settle()
    assert excluded.status is Status.FLAGGED


def _impose(core: Core, respondent: str, kind: SanctionType) -> None:
    number = report(core, respondent=respondent).number
    key = unlock(core, "Director")
    decisions.move_case(core, number, "Director", key, CaseStatus.IN_HANDLING)
    decisions.impose_sanction(core, number, "Director", key,
                              body=DecisionBody.DIRECTOR_OR_BOARD_BVR,
                              terms=SanctionTerms(kind, date(2026, 4, 1), date(2026, 10, 1)),
                              respondent=respondent, scope="",
                              considerations=weighed("Herhaaldelijk schelden"))


def test_R_6_1_a_screening_flags_exclusions_and_shows_other_sanctions(core: Core) -> None:
    officers(core)
    _impose(core, "Excluded user", SanctionType.EVENT_EXCLUSION)
    _impose(core, "Kept apart", SanctionType.NO_CONTACT)
    records = screening.Records(core, DAY)
    names = ["Excluded user", "Kept apart", "Nobody"]
    assert records.sanctioned(names) == {"Excluded user"}
    assert records.other_sanctions(names) == {"Kept apart": ["no_contact"]}
    later = screening.Records(core, date(2026, 10, 1))  # both ended: nothing at all
    assert later.sanctioned(names) == set() and later.other_sanctions(names) == {}
