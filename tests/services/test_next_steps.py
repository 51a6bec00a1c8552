"""The case page's next steps (issue 13): guards are pure functions of a `Situation`, built from
the same rules that refuse; the registry takes a new step with one entry. No database."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from bvr.config import Periods
from bvr.domain import CaseStatus, DecisionBody, PartyRole, SanctionType
from bvr.rules import appeals
from bvr.rules.facts import Actor, CaseFacts
from bvr.rules.sanctions import superseded_on_appeal
from bvr.rules.verdict import Verdict, refuse
from bvr.services import next_steps
from bvr.services.next_steps import Situation, Step
from tests.rules.people import AMSTERDAM, BOARD_A, BVR, COMMITTEE, CONFIDANT, DIRECTOR, OFFICERS, at

NOW = at(2026, 5, 4, 10)
DIRECTOR_SANCTIONS = (SanctionType.WARNING, SanctionType.EVENT_EXCLUSION,
                      SanctionType.NO_CONTACT)


def _situation(status: CaseStatus, actor: Actor = DIRECTOR, **changes: Any) -> Situation:
    base = Situation(actor=DIRECTOR, case=CaseFacts(), officers=OFFICERS, status=status,
                     now=NOW, zone=AMSTERDAM, periods=Periods(),
                     director_sanctions=DIRECTOR_SANCTIONS)
    return replace(base, actor=actor, **changes)


def _keys(situation: Situation) -> set[str]:
    return {s.key for s in next_steps.allowed(situation) if not s.tool}


def test_R_10_1_R_16_1_steps_of_a_case_in_handling() -> None:
    steps = _keys(_situation(CaseStatus.IN_HANDLING))
    assert {"triage", "hearing", "draft", "sanction", "decide", "decline"} <= steps
    assert not steps & {"appeal", "announce", "close", "reopen", "appeal_decide"}
    # the confidant, not delegated to, has nothing to do on it.
    assert _keys(_situation(CaseStatus.IN_HANDLING, CONFIDANT)) == set()


def test_R_10_3_the_report_steps_follow_its_stage() -> None:
    draft = _situation(CaseStatus.IN_HANDLING, report_stage="draft")
    assert {"draft", "review"} <= _keys(draft) and "finalise" not in _keys(draft)
    assert "finalise" in _keys(replace(draft, report_stage="review"))
    final = _keys(replace(draft, report_stage="final"))
    assert not final & {"draft", "review", "finalise"}


def test_R_16_3_announce_then_appeal_then_close_after_the_period() -> None:
    decision = appeals.Decision(DecisionBody.DIRECTOR_OR_BOARD_BVR, None)
    unannounced = _situation(CaseStatus.DECIDED, decision=decision)
    assert "announce" in _keys(unannounced)
    assert not _keys(unannounced) & {"appeal", "close"}
    announced = replace(unannounced, decision=replace(decision, announced_at=NOW))
    assert {"appeal"} <= _keys(announced) and not _keys(announced) & {"announce", "close"}
    later = replace(announced, now=NOW + timedelta(weeks=9))
    assert "close" in _keys(later)
    # a decision on appeal is final inside the association: no further appeal.
    final = replace(later, decision=replace(decision, announced_at=NOW, on_appeal=True,
                                            body=DecisionBody.BOARD))
    assert "appeal" not in _keys(final)


def test_R_16_2_the_body_hearing_the_appeal_decides_it_and_nobody_else() -> None:
    board = CaseFacts(appeal_heard_by=DecisionBody.BOARD)
    assert _keys(_situation(CaseStatus.IN_APPEAL, BOARD_A, case=board)) == {"appeal_decide"}
    assert "appeal_decide" not in _keys(_situation(CaseStatus.IN_APPEAL, COMMITTEE, case=board))
    assert "appeal_decide" not in _keys(_situation(CaseStatus.IN_APPEAL, DIRECTOR, case=board))
    # no sanction beside a pending appeal, and no decline either.
    assert not _keys(_situation(CaseStatus.IN_APPEAL, BVR, case=board)) & {"sanction",
                                                                            "decline"}


def test_R_11_4_an_involved_director_is_offered_nothing() -> None:
    involved = CaseFacts.build([(DIRECTOR.person_id, PartyRole.RESPONDENT)])
    assert _keys(_situation(CaseStatus.IN_HANDLING, case=involved)) == set()


def test_R_11_3_sanction_choices_are_those_the_rule_allows() -> None:
    choices, refusal = next_steps.sanction_choices(_situation(CaseStatus.IN_HANDLING))
    assert refusal is None
    assert choices == ((DecisionBody.DIRECTOR_OR_BOARD_BVR, DIRECTOR_SANCTIONS),)
    board_choices, _ = next_steps.sanction_choices(_situation(CaseStatus.IN_HANDLING, BVR))
    assert [b for b, _kinds in board_choices] == [DecisionBody.DIRECTOR_OR_BOARD_BVR,
                                                  DecisionBody.BOARD]


@pytest.fixture
def registry() -> Iterator[list[Step]]:
    saved = list(next_steps.STEPS)
    yield next_steps.STEPS
    next_steps.STEPS[:] = saved


def test_issue_13_a_new_step_is_one_entry(registry: list[Step]) -> None:
    def second_opinion(s: Situation) -> Verdict | None:
        return None if s.actor.on_board else refuse("R-11.3", "rules-sanction-not-board")

    next_steps.register(Step("second_opinion", "web-act-note", second_opinion, "R-11.3"),
                        before="sanction")
    keys = [s.key for s in registry]
    assert keys.index("second_opinion") == keys.index("sanction") - 1
    assert "second_opinion" in _keys(_situation(CaseStatus.IN_HANDLING, BOARD_A))
    assert "second_opinion" not in _keys(_situation(CaseStatus.IN_HANDLING, DIRECTOR))
    added = next_steps.step("second_opinion")
    assert added is not None and added.template == "desk/actions/second_opinion.html"
    with pytest.raises(ValueError):
        next_steps.register(Step("second_opinion", "web-act-note", next_steps.always))


def test_R_2_1_R_11_4_an_uninvolved_board_member_votes_once_on_each_open_motion() -> None:
    board = CaseFacts(appeal_heard_by=DecisionBody.BOARD)
    waiting = _situation(CaseStatus.IN_APPEAL, BOARD_A, case=board, motions_to_vote=1)
    assert "board_vote" in _keys(waiting)
    assert "board_vote" not in _keys(replace(waiting, motions_to_vote=0))  # voted already
    # the director is not on the board: an involved member does not vote.
    assert "board_vote" not in _keys(replace(waiting, actor=DIRECTOR))
    involved = CaseFacts.build([(BOARD_A.person_id, PartyRole.RESPONDENT)])
    assert "board_vote" not in _keys(replace(waiting, case=involved))


def test_R_11_3_the_director_confirms_the_measures_that_wait() -> None:
    waiting = _situation(CaseStatus.IN_HANDLING, unconfirmed_measures=2)
    assert "confirm_measures" in _keys(waiting)
    assert "confirm_measures" not in _keys(replace(waiting, unconfirmed_measures=0))
    assert "confirm_measures" not in _keys(replace(waiting, actor=BOARD_A))
    involved = CaseFacts.build([(DIRECTOR.person_id, PartyRole.RESPONDENT)])
    assert "confirm_measures" not in _keys(replace(waiting, case=involved))


def test_issue_13_every_step_has_its_partial_and_its_action() -> None:
    from pathlib import Path

    from webhook.desk.cases import ACTIONS

    templates = Path(__file__).parents[2] / "webhook" / "templates"
    for step in next_steps.STEPS:
        assert (templates / step.template).is_file(), step.template
        assert step.key in ACTIONS, step.key


def test_R_16_2_a_replaced_warning_no_longer_counts() -> None:
    warning, replacement = (1, NOW, False), (2, NOW + timedelta(days=60), True)
    outcome = (NOW + timedelta(days=60), "replaced")
    assert superseded_on_appeal([warning, replacement], [outcome]) == {1: ("replaced", 0)}
    # Everything at the same instant (a test clock): the order still tells them apart.
    same = [(1, NOW, False), (2, NOW, True)]
    assert superseded_on_appeal(same, [(NOW, "replaced")]) == {1: ("replaced", 0)}
    # A second appeal replaces the first replacement, not the warning again.
    third = (3, NOW + timedelta(days=90), True)
    assert superseded_on_appeal(
        [warning, replacement, third],
        [outcome, (NOW + timedelta(days=90), "replaced")]) == {1: ("replaced", 0),
                                                               2: ("replaced", 1)}
    # A dismissed appeal changes nothing.
    assert superseded_on_appeal([warning], [(NOW + timedelta(days=5), "")]) == {}
