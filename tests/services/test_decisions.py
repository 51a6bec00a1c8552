"""Moving cases and imposing sanctions through the services, with the rules enforced."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from bvr.domain import CaseStatus, DecisionBody, Role, SanctionType
from bvr.rules.considerations import Considerations
from bvr.rules.facts import SanctionTerms
from bvr.rules.verdict import RuleRefused
from bvr.services import casefiles, casework_outcome, decisions, people
from bvr.services.core import Core
from bvr.storage.models import Case
from tests.conftest import FrozenClock
from tests.considerations import weighed
from tests.housekeeping.cases import linked_to
from tests.services.helpers import board_imposes, officers, report, unlock

WEIGHED = weighed("Herhaaldelijk schelden", "Eerder gewaarschuwd")


def _case(core: Core, number: str) -> Case:
    with core.database.transaction() as session:
        return session.scalars(select(Case).where(Case.at(number))).one()


def _in_handling(core: Core, respondent: str = "Some user") -> str:
    number = report(core, respondent=respondent).number
    decisions.move_case(core, number, "Director", unlock(core, "Director"),
                        CaseStatus.IN_HANDLING)
    return number


def test_R_14_4_taking_into_handling_is_dated(core: Core, clock: FrozenClock) -> None:
    officers(core)
    number = _in_handling(core)
    assert _case(core, number).taken_into_handling_at == clock.now


def test_a_refused_status_change_says_why_and_changes_nothing(core: Core) -> None:
    officers(core)
    number = report(core).number
    with pytest.raises(RuleRefused):
        decisions.move_case(core, number, "Director", unlock(core, "Director"),
                            CaseStatus.DECIDED)
    assert _case(core, number).status is CaseStatus.RECEIVED


def test_R_7_4_confirming_an_anonymous_report_keeps_its_file(core: Core) -> None:
    officers(core)
    number = report(core, anonymous=True, parties=()).number
    decisions.move_case(core, number, "Director", unlock(core, "Director"),
                        CaseStatus.RECEIVED)
    assert _case(core, number).status is CaseStatus.RECEIVED


def test_R_11_3_director_imposes_a_warning_but_not_an_exclusion(core: Core) -> None:
    officers(core)
    number = _in_handling(core)
    key = unlock(core, "Director")
    with pytest.raises(RuleRefused) as refused:
        decisions.impose_sanction(
            core, number, "Director", key, body=DecisionBody.DIRECTOR_OR_BOARD_BVR,
            terms=SanctionTerms(SanctionType.EXCLUSION, date(2026, 4, 1)),
            respondent="Some user", scope="alle evenementen", considerations=WEIGHED)
    assert refused.value.verdict.rule == "R-11.3"
    decisions.impose_sanction(
        core, number, "Director", key, body=DecisionBody.DIRECTOR_OR_BOARD_BVR,
        terms=SanctionTerms(SanctionType.NO_CONTACT, date(2026, 4, 1), date(2026, 10, 1)),
        respondent="Some user", scope="geen contact met de melder", considerations=WEIGHED)
    assert _case(core, number).status is CaseStatus.DECIDED
    view = casefiles.open_case(core, number, "Director", key)
    decision = view.entries[-1].content
    assert decision["considerations"]["history"] == "Eerder gewaarschuwd"


def test_R_11_5_a_sanction_needs_recorded_considerations(core: Core) -> None:
    officers(core)
    number = _in_handling(core)
    for left_out, reason in (({"nature_and_severity": " "}, "rules-considerations-nature"),
                             ({"history": ""}, "rules-considerations-history"),
                             ({"role_of_respondent": ""}, "rules-considerations-role"),
                             ({"personal_factors": "\n"}, "rules-considerations-personal")):
        with pytest.raises(RuleRefused) as refused:
            decisions.impose_sanction(
                core, number, "Director", unlock(core, "Director"),
                body=DecisionBody.DIRECTOR_OR_BOARD_BVR,
                terms=SanctionTerms(SanctionType.WARNING, date(2026, 4, 1)),
                respondent="Some user", scope="",
                considerations=replace(weighed("Scolding."), **left_out))
        assert (refused.value.verdict.rule, refused.value.verdict.reason) == ("R-11.5", reason)


def test_R_11_5_the_rule_knows_the_offenders_role_from_the_register(core: Core) -> None:
    """A board member's violation weighs heavier: the decision says it did, or is refused;
    an elected office the register does not know is declared on the decision."""
    officers(core)
    number = _in_handling(core, respondent="Board_bvr")  # the board member BVR
    key = unlock(core, "Director")

    def impose(considerations: Considerations, respondent: str = "Board_bvr") -> None:
        decisions.impose_sanction(
            core, number, "Director", key, body=DecisionBody.DIRECTOR_OR_BOARD_BVR,
            terms=SanctionTerms(SanctionType.WARNING, date(2026, 4, 1)),
            respondent=respondent, scope="", considerations=considerations)

    with pytest.raises(RuleRefused) as board:
        impose(weighed("Scolding a volunteer.", role="Board member, the BVR portfolio."))
    assert (board.value.verdict.rule, board.value.verdict.reason) == (
        "R-11.5", "rules-considerations-role-weighs-heavier")
    with pytest.raises(RuleRefused) as elected:  # no role here, but elected elsewhere
        impose(replace(weighed("Scolding."), elected_officer=True), respondent="Some user")
    assert elected.value.verdict.reason == "rules-considerations-role-weighs-heavier"
    impose(replace(weighed("Scolding a volunteer.", role="Board member, the BVR portfolio."),
                   role_weighed_heavier=True))
    view = casefiles.open_case(core, number, "Director", key)
    [decision] = [e.content for e in view.entries if e.content.get("sanction") == "warning"]
    assert decision["considerations"]["role_weighed_heavier"] is True


def test_R_15_3_register_is_for_contact_persons_and_R_6_1_matches_by_blind_index(
        core: Core) -> None:
    officers(core)
    people.add_person(core, "Contact", (Role.CONTACT_PERSON,))
    people.set_passphrase(core, "Contact", "contact passphrase 1")
    number = _in_handling(core, respondent="Troll_account")
    decisions.impose_sanction(
        core, number, "Director", unlock(core, "Director"),
        body=DecisionBody.DIRECTOR_OR_BOARD_BVR,
        terms=SanctionTerms(SanctionType.NO_CONTACT, date(2026, 4, 1), date(2026, 10, 1)),
        respondent="troll account", scope="geen contact", considerations=WEIGHED)
    contact_key = people.unlock(core, "Contact", "contact passphrase 1")
    (line,) = decisions.sanctions_register(core, "Contact", contact_key, date(2026, 5, 1))
    assert (line.username, line.type) == ("Troll account", SanctionType.NO_CONTACT)
    assert decisions.sanctions_register(core, "Contact", contact_key, date(2026, 10, 1)) == []
    assert decisions.has_sanction_in_force(core, "Troll_account", date(2026, 5, 1))
    assert not decisions.has_sanction_in_force(core, "Troll_account", date(2026, 10, 2))
    assert not decisions.has_sanction_in_force(core, "Someone else", date(2026, 5, 1))
    with pytest.raises(RuleRefused) as refused:
        decisions.sanctions_register(core, "Confidant", unlock(core, "Confidant"),
                                     date(2026, 5, 1))
    assert refused.value.verdict.rule == "R-15.3"


def test_R_15_4_closing_sets_retention_and_R_15_5_links_an_older_file(
        core: Core, clock: FrozenClock) -> None:
    officers(core)
    key = unlock(core, "Director")
    first = _in_handling(core, respondent="Repeat")
    decisions.impose_sanction(
        core, first, "Director", key, body=DecisionBody.DIRECTOR_OR_BOARD_BVR,
        terms=SanctionTerms(SanctionType.WARNING, date(2026, 3, 14)),
        respondent="Repeat", scope="", considerations=WEIGHED)
    # Closed once the appeal period of the announced decision is over: two years
    # after closing, the warning itself having ended on 14 March.
    casework_outcome.announce_decision(core, first, "Director", key)
    clock.advance(weeks=8, days=1)
    decisions.move_case(core, first, "Director", key, CaseStatus.CLOSED)
    assert _case(core, first).retention_until == date(2028, 5, 10)

    clock.now = datetime(2027, 6, 1, 9, tzinfo=UTC)
    second = _in_handling(core, respondent="Repeat")
    decisions.impose_sanction(
        core, second, "Director", key, body=DecisionBody.DIRECTOR_OR_BOARD_BVR,
        terms=SanctionTerms(SanctionType.WARNING, date(2027, 6, 1)),
        respondent="Repeat", scope="", considerations=WEIGHED)
    assert linked_to(core, first) == {_case(core, second).id}

    decisions.move_case(core, first, "Director", key, CaseStatus.IN_HANDLING)  # reopened
    assert _case(core, first).retention_until is None


def test_R_11_1_d_the_register_and_the_decision_show_the_alv_left_out(core: Core) -> None:
    officers(core)
    number = _in_handling(core)
    director = unlock(core, "Director")
    casework_outcome.refer_to_board(core, number, "Director", director)
    # the board decides as a body, by a quorum of at least two of its members.
    people.add_person(core, "Bob", (Role.BOARD,))
    people.set_passphrase(core, "Bob", "bob passphrase 1")
    board_imposes(core, number, [("Board bvr", unlock(core, "Board bvr")),
                                 ("Bob", people.unlock(core, "Bob", "bob passphrase 1"))],
                  terms=SanctionTerms(SanctionType.EXCLUSION, date(2026, 4, 1),
                                      against_member=True),
                  respondent="Some user", scope="alle evenementen", considerations=WEIGHED)
    (line,) = decisions.sanctions_register(core, "Director", director, date(2026, 5, 1))
    assert (line.type, line.alv, line.alv_reason) == (SanctionType.EXCLUSION, "excepted", "")
    decision = casefiles.open_case(core, number, "Director", director).entries[-1].content
    assert decision["alv"] == "excepted" and "alv_reason" not in decision
