"""Appeal rights survive (issue 12, R-16.1, R-16.3, R-9.1), through the services on SQLite and
MariaDB: a decided case stays open while an appeal is possible, a decline can be appealed, an
appeal before any decision is refused on the desk and on the reporter's channel alike, and
standing is checked against the case's parties."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from bvr.domain import CaseStatus, DecisionBody, PartyRole, Role, SanctionType
from bvr.errors import BvrError
from bvr.rules.facts import SanctionTerms
from bvr.rules.verdict import RuleRefused
from bvr.services import casework_decline, casework_outcome, casework_web, decisions, people
from bvr.services.core import Core
from bvr.storage.models import Case
from tests.conftest import FrozenClock
from tests.considerations import weighed
from tests.services.helpers import board_decides_appeal, officers, report, unlock

BOB = ("Bob", "bob passphrase 1")
WEIGHED = weighed("Kept messaging someone who asked them to stop.")


def _with_board(core: Core) -> None:
    officers(core)
    people.add_person(core, BOB[0], (Role.BOARD,))
    people.set_passphrase(core, *BOB)


def _status(core: Core, number: str) -> CaseStatus:
    with core.database.transaction() as session:
        return session.scalars(select(Case.status).where(Case.number == number)).one()


def _decided(core: Core) -> str:
    """A no-contact order by the director against Mallory, not announced yet."""
    number = report(core, respondent="Mallory").number
    key = unlock(core, "Director")
    decisions.move_case(core, number, "Director", key, CaseStatus.IN_HANDLING)
    today = core.now().astimezone(core.config.zone).date()
    decisions.impose_sanction(
        core, number, "Director", key, body=DecisionBody.DIRECTOR_OR_BOARD_BVR,
        terms=SanctionTerms(SanctionType.NO_CONTACT, today, date(today.year + 1, 12, 31)),
        respondent="Mallory", scope="WMNL events", considerations=WEIGHED)
    return number


def _refused(reason: str, call: object) -> None:
    assert callable(call)
    with pytest.raises(RuleRefused) as refused:
        call()
    assert refused.value.verdict.reason == reason, refused.value.verdict


def test_R_16_3_a_decided_case_is_not_closed_while_an_appeal_is_possible(
        core: Core, clock: FrozenClock) -> None:
    _with_board(core)
    number = _decided(core)
    key = unlock(core, "Director")
    # Before this change the case closed at once, and an appeal on day 9 was refused.
    _refused("rules-close-not-announced",
             lambda: casework_outcome.close_case(core, number, "Director", key))
    casework_outcome.announce_decision(core, number, "Director", key)
    _refused("rules-close-appeal-period-running",
             lambda: casework_outcome.close_case(core, number, "Director", key))
    clock.advance(days=9)
    assert casework_outcome.file_appeal(core, number, "Director", key,
                                        appellant_role=PartyRole.RESPONDENT,
                                        sanctioned=True) == "board"
    assert _status(core, number) is CaseStatus.IN_APPEAL
    # The board decides as a body: Bob and the board member BVR agree.
    board_decides_appeal(core, number, [(BOB[0], people.unlock(core, *BOB)),
                                        ("Board bvr", unlock(core, "Board bvr"))],
                         upheld=False, reasoning="The order stands.")
    # The board's decision on appeal is final inside the association: the case may close.
    casework_outcome.close_case(core, number, "Director", key)
    assert _status(core, number) is CaseStatus.CLOSED


def test_R_16_3_after_the_eight_weeks_the_case_closes(core: Core, clock: FrozenClock) -> None:
    officers(core)
    number = _decided(core)
    key = unlock(core, "Director")
    casework_outcome.announce_decision(core, number, "Director", key)
    clock.advance(weeks=8)
    _refused("rules-close-appeal-period-running",
             lambda: casework_outcome.close_case(core, number, "Director", key))
    clock.advance(days=1)
    casework_outcome.close_case(core, number, "Director", key)
    assert _status(core, number) is CaseStatus.CLOSED


def test_R_9_1_R_16_1_a_decline_is_appealed_like_any_decision(core: Core) -> None:
    _with_board(core)
    number = report(core).number
    for name in ("Director", "Board bvr"):
        casework_decline.approve_decline(core, number, name, unlock(core, name),
                                         reason="Evidently unfounded: nobody was there.")
    assert _status(core, number) is CaseStatus.DECLINED
    key = unlock(core, "Director")
    _refused("rules-close-not-announced",
             lambda: casework_outcome.close_case(core, number, "Director", key))
    casework_outcome.announce_decision(core, number, "Director", key)
    # The director and the board member BVR declined: the board hears the appeal.
    assert casework_outcome.file_appeal(core, number, "Director", key,
                                        appellant_role=PartyRole.REPORTER) == "board"
    board_decides_appeal(core, number, [(BOB[0], people.unlock(core, *BOB)),
                                        ("Board bvr", unlock(core, "Board bvr"))],
                         upheld=True, reasoning="There were witnesses after all.")
    # Upheld: the report is taken into handling after all.
    assert _status(core, number) is CaseStatus.IN_HANDLING


def test_R_16_1_an_appeal_before_any_decision_is_refused_on_desk_and_channel(
        core: Core) -> None:
    officers(core)
    filed = casework_web.file_web_report(core, casework_web.WebReport(
        what_happened="Someone shouted at me at the meetup.", language="nl", is_victim=True))
    key = unlock(core, "Director")
    decisions.move_case(core, filed.number, "Director", key, CaseStatus.IN_HANDLING)
    _refused("rules-appeal-no-decision-yet", lambda: casework_outcome.file_appeal(
        core, filed.number, "Director", key, appellant_role=PartyRole.REPORTER))
    with pytest.raises(BvrError) as refused:
        casework_web.reporter_writes(core, filed.code, "Ik ga in beroep.", "appeal")
    assert refused.value.message.key == "rules-appeal-no-decision-yet"
    for lang in ("nl", "en", "sv"):
        text = refused.value.text(lang)
        assert text and "R-" not in text and "rules-" not in text
    assert casework_web.read_channel(core, filed.code).messages == ()
    # Once there is a decision and it was announced (R-16.3 counts from then), the channel
    # takes the appeal: the same rule as the desk's (`appeals.may_file_appeal`).
    casework_outcome.decide_without_sanction(core, filed.number, "Director", key,
                                             reasoning="No violation found.")
    with pytest.raises(BvrError) as refused:
        casework_web.reporter_writes(core, filed.code, "Ik ga in beroep.", "appeal")
    assert refused.value.message.key == "rules-appeal-not-announced"
    casework_outcome.announce_decision(core, filed.number, "Director", key)
    casework_web.reporter_writes(core, filed.code, "Ik ga in beroep.", "appeal")


def test_R_16_1_standing_is_checked_against_the_case_parties(core: Core) -> None:
    officers(core)
    number = report(core, respondent="Mallory").number  # a reporter and a respondent
    key = unlock(core, "Director")
    decisions.move_case(core, number, "Director", key, CaseStatus.IN_HANDLING)
    casework_outcome.decide_without_sanction(core, number, "Director", key,
                                             reasoning="No violation found.")
    casework_outcome.announce_decision(core, number, "Director", key)
    _refused("rules-appeal-not-a-party", lambda: casework_outcome.file_appeal(
        core, number, "Director", key, appellant_role=PartyRole.VICTIM))
    _refused("rules-appeal-no-sanction-in-case", lambda: casework_outcome.file_appeal(
        core, number, "Director", key, appellant_role=PartyRole.RESPONDENT, sanctioned=True))
    assert _status(core, number) is CaseStatus.DECIDED
    assert casework_outcome.file_appeal(core, number, "Director", key,
                                        appellant_role=PartyRole.RESPONDENT) == "board"


def test_R_16_3_move_case_applies_the_same_appeal_period_as_close_case(
        core: Core, clock: FrozenClock) -> None:
    """`decisions.move_case(CLOSED)` used to close a decided case at once, around
    `close_case`'s check: the rule now sits where every status change passes."""
    officers(core)
    number = _decided(core)
    key = unlock(core, "Director")
    _refused("rules-close-not-announced",
             lambda: decisions.move_case(core, number, "Director", key, CaseStatus.CLOSED))
    casework_outcome.announce_decision(core, number, "Director", key)
    _refused("rules-close-appeal-period-running",
             lambda: decisions.move_case(core, number, "Director", key, CaseStatus.CLOSED))
    assert _status(core, number) is CaseStatus.DECIDED
    clock.advance(weeks=8, days=1)
    decisions.move_case(core, number, "Director", key, CaseStatus.CLOSED)
    assert _status(core, number) is CaseStatus.CLOSED
