"""The board decides as a body: R-2.1, R-11.3, R-16.2 and R-9.1.

- R-2.1: the board carries final responsibility; R-11.3 gives it the sanctions (d)-(f), R-16.2
  the appeals against the director and/or the board member BVR, R-9.1 the declines where the
  director or the board member BVR is involved. In each, the board decides, not one of its
  members: a decision is taken when a quorum of board members agrees.
- R-11.4: only uninvolved board members take part. Someone who is a party, or declared a
  conflict or a close relationship, cannot vote, and does not count towards the quorum either:
  a board member BVR who recuses leaves the decision to the others rather than blocking it.
- The quorum is configurable (`Config.board_quorum`). By default it is a majority of the
  uninvolved members; never fewer than two, so the board's route is never weaker than the four
  eyes of R-9.1's normal route.

Each member votes for or against, with a reason. A decision is taken once the quorum votes for
it; it fails once so many voted against that the quorum can no longer be reached.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

from bvr.domain import DecisionBody
from bvr.rules.facts import BOARD_ROLES, Actor, CaseFacts, Officers
from bvr.rules.verdict import ALLOWED, Verdict, refuse

#: Never fewer than two board members take a board decision.
MINIMUM = 2


class Outcome(StrEnum):
    PENDING = "pending"
    TAKEN = "taken"  # the quorum agreed
    REJECTED = "rejected"  # the quorum can no longer be reached


@dataclass(frozen=True)
class Vote:
    """One board member's vote on one proposed decision."""

    person_id: int
    in_favour: bool


@dataclass(frozen=True)
class Tally:
    """Where a board decision stands: the quorum, the valid votes, and what is still needed."""

    outcome: Outcome
    quorum: int
    in_favour: int
    against: int
    uninvolved: int

    @property
    def still_needed(self) -> int:
        """How many more votes in favour take the decision."""
        return max(0, self.quorum - self.in_favour)


def uninvolved_members(case: CaseFacts, officers: Officers) -> frozenset[int]:
    """R-11.4: the board members (the board member BVR among them) who may decide `case`."""
    return frozenset(pid for pid in officers.holders(*BOARD_ROLES)
                     if not case.is_disqualified(pid))


def quorum(uninvolved: int, configured: int = 0) -> int:
    """R-2.1: how many uninvolved board members must agree. `configured` 0 means the default,
    a majority of the `uninvolved` members; either way at least `MINIMUM`."""
    wanted = configured if configured > 0 else uninvolved // 2 + 1
    return max(MINIMUM, wanted)


def may_decide_alone(body: DecisionBody) -> Verdict:
    """R-2.1: one person records a decision of `body` alone, except the board's: its decisions
    go to the vote of its members (`tally`)."""
    if body is DecisionBody.BOARD:
        return refuse("R-2.1", "rules-board-decides-by-vote")
    return ALLOWED


def may_vote(actor: Actor, case: CaseFacts) -> Verdict:
    """R-2.1, R-11.4: a board member who is not involved in `case` votes on its board
    decisions."""
    if not actor.on_board:
        return refuse("R-2.1", "rules-board-not-member")
    if case.is_disqualified(actor.person_id):
        return refuse("R-11.4", "rules-board-vote-involved")
    return ALLOWED


def may_decide(case: CaseFacts, officers: Officers, configured: int = 0) -> Verdict:
    """R-2.1: whether the board can decide `case` at all: enough uninvolved members to reach
    the quorum."""
    uninvolved = len(uninvolved_members(case, officers))
    needed = quorum(uninvolved, configured)
    if uninvolved < needed:
        return refuse("R-2.1", "rules-board-too-few-uninvolved", num=needed,
                      num_uninvolved=uninvolved)
    return ALLOWED


def tally(votes: Collection[Vote], case: CaseFacts, officers: Officers,
          configured: int = 0) -> Tally:
    """R-2.1, R-11.4: the state of a board decision given `votes`. Votes of people who may not
    vote (now: a conflict declared after voting, a role given up) do not count; a person counts
    once, with their last vote."""
    members = uninvolved_members(case, officers)
    latest = {v.person_id: v.in_favour for v in votes if v.person_id in members}
    needed = quorum(len(members), configured)
    in_favour = sum(1 for agreed in latest.values() if agreed)
    against = len(latest) - in_favour
    if in_favour >= needed:
        outcome = Outcome.TAKEN
    elif len(members) - against < needed:
        outcome = Outcome.REJECTED
    else:
        outcome = Outcome.PENDING
    return Tally(outcome, needed, in_favour, against, len(members))
