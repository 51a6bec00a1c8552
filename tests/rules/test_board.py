"""The board decides as a body (R-2.1, R-11.3, R-11.4, R-9.1): the quorum of its uninvolved
members, pure rules."""

from __future__ import annotations

import pytest

from bvr.domain import DecisionBody, PartyRole, Role
from bvr.rules import board
from bvr.rules.board import Outcome, Vote
from bvr.rules.decline import decline_status
from bvr.rules.facts import Actor, CaseFacts, Officers

BVR = Actor(1, frozenset({Role.BOARD, Role.BOARD_BVR}))
DIRECTOR = Actor(2, frozenset({Role.DIRECTOR, Role.STAFF}))
MEMBERS = tuple(Actor(pid, frozenset({Role.BOARD})) for pid in (10, 11, 12, 13))
OFFICERS = Officers.of(BVR, DIRECTOR, *MEMBERS)
PLAIN = CaseFacts()


def test_R_2_1_quorum_default_is_a_majority_of_the_uninvolved_at_least_two() -> None:
    assert [board.quorum(n) for n in range(0, 8)] == [2, 2, 2, 2, 3, 3, 4, 4]
    # Five board members, none involved: three must agree.
    assert board.tally([Vote(10, True), Vote(11, True)], PLAIN, OFFICERS).outcome is \
        Outcome.PENDING
    taken = board.tally([Vote(10, True), Vote(11, True), Vote(1, True)], PLAIN, OFFICERS)
    assert (taken.outcome, taken.quorum, taken.in_favour) == (Outcome.TAKEN, 3, 3)


def test_R_2_1_quorum_configured() -> None:
    assert board.quorum(5, configured=4) == 4
    assert board.quorum(5, configured=1) == 2  # never fewer than two
    votes = [Vote(10, True), Vote(11, True), Vote(12, True)]
    assert board.tally(votes, PLAIN, OFFICERS, configured=4).outcome is Outcome.PENDING
    assert board.tally([*votes, Vote(13, True)], PLAIN, OFFICERS,
                       configured=4).outcome is Outcome.TAKEN


def test_R_11_4_involved_board_member_excluded_from_vote_and_quorum() -> None:
    case = CaseFacts.build([(10, PartyRole.WITNESS)], conflicts=[11])
    verdict = board.may_vote(MEMBERS[0], case)
    assert (verdict.rule, verdict.reason) == ("R-11.4", "rules-board-vote-involved")
    assert not board.may_vote(MEMBERS[1], case)
    assert board.may_vote(MEMBERS[2], case)
    refused = board.may_vote(DIRECTOR, case)
    assert (refused.rule, refused.reason) == ("R-2.1", "rules-board-not-member")
    # Three uninvolved (BVR, 12, 13): two must agree; the involved members' votes do not count.
    assert board.uninvolved_members(case, OFFICERS) == {1, 12, 13}
    result = board.tally([Vote(10, True), Vote(11, True), Vote(12, True)], case, OFFICERS)
    assert (result.outcome, result.quorum, result.in_favour) == (Outcome.PENDING, 2, 1)


def test_R_2_1_bvr_recused_still_decidable() -> None:
    # The board member BVR declared a conflict: the other members decide without her.
    case = CaseFacts.build(conflicts=[BVR.person_id])
    assert board.may_decide(case, OFFICERS)
    # Four uninvolved, three must agree; her vote, cast before she recused, does not count.
    votes = [Vote(1, True), Vote(10, True), Vote(11, True)]
    result = board.tally(votes, case, OFFICERS)
    assert (result.outcome, result.quorum, result.uninvolved) == (Outcome.PENDING, 3, 4)
    assert board.tally([*votes, Vote(12, True)], case, OFFICERS).outcome is Outcome.TAKEN
    assert not board.may_vote(BVR, case)


def test_R_2_1_too_few_uninvolved_members_cannot_decide() -> None:
    officers = Officers.of(BVR, DIRECTOR, MEMBERS[0])
    case = CaseFacts.build(conflicts=[BVR.person_id])
    verdict = board.may_decide(case, officers)
    assert (verdict.rule, verdict.reason) == ("R-2.1", "rules-board-too-few-uninvolved")
    assert verdict.params == {"num": 2, "num_uninvolved": 1}
    for lang in ("nl", "en", "sv"):
        assert verdict.explain(lang).startswith("R-2.1: ")


def test_R_2_1_rejected_once_the_quorum_is_out_of_reach() -> None:
    # Five uninvolved, quorum three: three against leaves only two who could agree.
    votes = [Vote(10, False), Vote(11, False)]
    assert board.tally(votes, PLAIN, OFFICERS).outcome is Outcome.PENDING
    result = board.tally([*votes, Vote(12, False)], PLAIN, OFFICERS)
    assert (result.outcome, result.against) == (Outcome.REJECTED, 3)


def test_R_2_1_no_member_decides_alone_for_the_board() -> None:
    verdict = board.may_decide_alone(DecisionBody.BOARD)
    assert (verdict.rule, verdict.reason) == ("R-2.1", "rules-board-decides-by-vote")
    assert board.may_decide_alone(DecisionBody.DIRECTOR_OR_BOARD_BVR)


def test_R_9_1_decline_quorum() -> None:
    # The director is the respondent: the board decides, five uninvolved members, three agree.
    case = CaseFacts.build([(DIRECTOR.person_id, PartyRole.RESPONDENT)])
    two = decline_status([MEMBERS[0], MEMBERS[1]], case, OFFICERS)
    assert two.body is DecisionBody.BOARD and not two.verdict
    assert two.verdict.params == {"num": 1}
    assert decline_status([MEMBERS[0], MEMBERS[1], BVR], case, OFFICERS).verdict
    # Configured: two suffice.
    assert decline_status([MEMBERS[0], MEMBERS[1]], case, OFFICERS, board_quorum=2).verdict


def test_R_2_1_quorum_is_configured_in_the_configuration_file() -> None:
    from bvr.config import ConfigError, from_mapping

    assert from_mapping({}).board_quorum == 0  # the default: a majority, at least two
    assert from_mapping({"board_quorum": 3}).board_quorum == 3
    with pytest.raises(ConfigError):
        from_mapping({"board_quorum": -1})
