"""The board decides as a body (R-2.1): its sanctions (d)-(f) (R-11.3) and its decisions on the
appeals it hears (R-16.2) go to the vote of its uninvolved members (`bvr.rules.board`).

- A proposal (`propose_sanction`, `propose_appeal_decision`) is a *motion*: what it says is
  sealed with the case's key (`BoardMotion`). Whoever proposes a sanction is the case's handler
  or an uninvolved board member; an appeal decision is proposed by a member of the board
  hearing it. A proposer who may vote has voted for it.
- Proposing a sanction refers the case to the board (`BoardReferral`, as
  `casework_outcome.refer_to_board` does): its uninvolved members get the file's key, and with
  it the investigation report they decide on (R-10.3, R-13.4), until the decision is announced.
- Each uninvolved board member votes once, for or against, with a reason (`vote`): the vote is
  a row, its reason an entry in the file, and both are in the audit log. A member who is
  involved, or declared a conflict, cannot vote (R-11.4).
- When the quorum has voted for it, the decision is taken: the sanction is recorded in the
  board's name (`decisions.record_sanction`), or the appeal decided
  (`casework_outcome.apply_appeal_decision`). When the quorum can no longer be reached, the
  motion is rejected and nothing changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bvr import vault
from bvr.domain import CaseStatus, DecisionBody, EntryKind, SanctionType
from bvr.errors import BvrError
from bvr.rules import appeals, board, handling, sanctions
from bvr.rules.considerations import check_considerations
from bvr.rules.facts import BOARD_ROLES, CaseFacts, SanctionTerms
from bvr.rules.verdict import Verdict, require
from bvr.services import casework, decisions, facts, people
from bvr.services.casefiles import opened
from bvr.services.casework_outcome import (
    AppealSanction,
    apply_appeal_decision,
    check_appeal_decision,
    check_replacement_considerations,
    may_decide_appeal,
)
from bvr.services.content import seal, unseal
from bvr.services.core import Core
from bvr.storage.models import Case, Person
from bvr.storage.models_board import BoardMotion, BoardVote
from bvr.storage.models_keyring import BoardReferral

SANCTION = "sanction"
APPEAL = "appeal"


@dataclass(frozen=True)
class MotionView:
    """A decision before the board, as a reader of the file sees it on the desk."""

    id: int
    kind: str  # SANCTION or APPEAL
    proposed_at: datetime
    content: dict[str, Any]
    tally: board.Tally
    my_vote: bool | None  # None: not voted
    may_vote: Verdict


def propose_sanction(core: Core, number: str, username: str, key: vault.UnlockedKey, *,
                     terms: SanctionTerms, respondent: str, scope: str,
                     considerations: decisions.Considerations, reason: str = "") -> board.Tally:
    """R-11.3, R-2.1: put a sanction to the board's vote. The case is referred to the board,
    so its uninvolved members read the file and the investigation report (R-10.3)."""
    require(sanctions.check_terms(terms))
    with opened(core, number, username, key) as (session, person, case, data_key):
        require(appeals.may_sanction_now(case.status))
        require(check_considerations(
            considerations, decisions.offender_roles(session, respondent)))
        if case.status not in {CaseStatus.IN_HANDLING, CaseStatus.DECIDED}:
            raise BvrError("core-sanction-case-not-in-handling", number=case.number,
                           status=case.status.value)
        case_facts = casework.facts_of(session, core, case)
        officers = facts.officers(session)
        actor = casework.actor_of(session, person)
        if not board.may_vote(actor, case_facts):
            # Not a board member who may vote: only the case's handler puts it to the board.
            require(handling.may_handle(actor, case_facts, officers))
        require(board.may_decide(case_facts, officers, core.config.board_quorum))
        if not facts.board_deciding(session, case.id):
            session.add(BoardReferral(case_id=case.id, referred_at=core.now(),
                                      referred_by_id=person.id))
            casework.log_action(session, core, person, "board-referral", case)
        content = {"sanction": terms.type.value, "starts_on": terms.starts_on.isoformat(),
                   "ends_on": terms.ends_on.isoformat() if terms.ends_on else None,
                   "justification": terms.justification, "covers_alv": terms.covers_alv,
                   "against_member": terms.against_member, "respondent": respondent,
                   "scope": scope, "considerations": considerations.__dict__}
        result, waiting = _propose(session, core, person, case, data_key, key, SANCTION,
                                   content, reason)
        number = case.address
    casework.notify_people(core, waiting, number, "message")
    return result


def propose_appeal_decision(core: Core, number: str, username: str, key: vault.UnlockedKey, *,
                            upheld: bool, reasoning: str, lift: bool = False,
                            replacement: AppealSanction | None = None) -> board.Tally:
    """R-16.2, R-2.1: a member of the board proposes its decision on the appeal it hears."""
    check_appeal_decision(upheld, lift=lift, replacement=replacement)
    casework.field_text(reasoning)
    with opened(core, number, username, key) as (session, person, case, data_key):
        if case.status is not CaseStatus.IN_APPEAL:
            raise BvrError("web-appeal-none-pending")
        case_facts = casework.facts_of(session, core, case)
        require(may_decide_appeal(casework.actor_of(session, person), case_facts))
        require(board.may_decide(case_facts, facts.officers(session),
                                 core.config.board_quorum))
        check_replacement_considerations(session, replacement)
        content: dict[str, Any] = {"upheld": upheld, "reasoning": reasoning, "lift": lift,
                                   "replacement": None}
        if replacement is not None:
            content["replacement"] = {
                "sanction": replacement.terms.type.value,
                "starts_on": replacement.terms.starts_on.isoformat(),
                "ends_on": (replacement.terms.ends_on.isoformat()
                            if replacement.terms.ends_on else None),
                "justification": replacement.terms.justification,
                "respondent": replacement.respondent, "scope": replacement.scope,
                "considerations": replacement.considerations.__dict__}
        result, waiting = _propose(session, core, person, case, data_key, key, APPEAL,
                                   content, reasoning)
        number = case.address
    casework.notify_people(core, waiting, number, "message")
    return result


def hears_appeal(core: Core, number: str, username: str, key: vault.UnlockedKey) -> bool:
    """Whether the board hears the case's pending appeal (the desk then proposes, R-2.1)."""
    with opened(core, number, username, key) as (session, _person, case, _data_key):
        return casework.facts_of(session, core, case).appeal_heard_by is DecisionBody.BOARD


def vote(core: Core, number: str, username: str, key: vault.UnlockedKey, *, motion_id: int,
         in_favour: bool, reason: str) -> board.Tally:
    """R-2.1, R-11.4: an uninvolved board member's vote on a motion, with the reason; the
    decision is taken (or rejected) as soon as the tally says so."""
    casework.field_text(reason)
    with opened(core, number, username, key) as (session, person, case, data_key):
        motion = session.get(BoardMotion, motion_id)
        if motion is None or motion.case_id != case.id:
            raise BvrError("web-board-motion-unknown")
        if motion.decided_at is not None:
            raise BvrError("web-board-motion-decided")
        require(board.may_vote(casework.actor_of(session, person),
                               casework.facts_of(session, core, case)))
        if _vote_of(session, motion, person) is not None:
            raise BvrError("web-board-already-voted")
        _cast(session, core, person, case, data_key, motion, in_favour, reason)
        return _settle(session, core, person, case, data_key, key, motion)


def motions_of(core: Core, number: str, username: str,
               key: vault.UnlockedKey) -> list[MotionView]:
    """The case's open motions, for someone who may open the file."""
    with opened(core, number, username, key) as (session, person, case, data_key):
        return motions(session, core, case, person, data_key)


def motions(session: Session, core: Core, case: Case, person: Person,
            data_key: bytes) -> list[MotionView]:
    """The open motions of the case, with their tally and this person's vote (for the desk)."""
    case_facts = facts.case_facts(session, core, case)
    may = board.may_vote(facts.actor(session, person), case_facts)
    views = []
    for motion in session.scalars(select(BoardMotion).where(
            BoardMotion.case_id == case.id, BoardMotion.decided_at.is_(None))
            .order_by(BoardMotion.id)):
        mine = _vote_of(session, motion, person)
        views.append(MotionView(motion.id, motion.kind, motion.proposed_at,
                                unseal(data_key, motion.sealed),
                                _tally(session, core, case_facts, motion),
                                None if mine is None else mine.in_favour, may))
    return views


def _propose(session: Session, core: Core, person: Person, case: Case, data_key: bytes,
             key: vault.UnlockedKey, kind: str, content: dict[str, Any],
             reason: str) -> tuple[board.Tally, list[Person]]:
    open_motion = session.scalars(select(BoardMotion.id).where(
        BoardMotion.case_id == case.id, BoardMotion.kind == kind,
        BoardMotion.decided_at.is_(None))).first()
    if open_motion is not None:
        raise BvrError("web-board-motion-open")
    motion = BoardMotion(case_id=case.id, kind=kind, proposed_at=core.now(),
                         proposed_by_id=person.id, sealed=seal(data_key, content))
    session.add(motion)
    session.flush()
    casework.log_action(session, core, person, f"board-motion:{kind}", case, f"motion:{motion.id}")
    case_facts = casework.facts_of(session, core, case)
    if board.may_vote(casework.actor_of(session, person), case_facts):
        _cast(session, core, person, case, data_key, motion, True, reason or "-")
    else:
        casework.record_entry(session, core, person, case, data_key, EntryKind.NOTE, {
            "board_motion": motion.id, "text": casework.field_text(reason or "-")})
    # The members who take part read the file now: give them its key.
    casework.reshare(session, core, person, case, data_key, key)
    result = _settle(session, core, person, case, data_key, key, motion)
    voters = {v.person_id for v in session.scalars(select(BoardVote).where(
        BoardVote.motion_id == motion.id))}
    members = board.uninvolved_members(case_facts, facts.officers(session))
    waiting = [p for p in people.holders(session, BOARD_ROLES)
               if p.id in members and p.id not in voters]
    return result, waiting if result.outcome is board.Outcome.PENDING else []


def _cast(session: Session, core: Core, person: Person, case: Case, data_key: bytes,
          motion: BoardMotion, in_favour: bool, reason: str) -> None:
    session.add(BoardVote(case_id=case.id, motion_id=motion.id, person_id=person.id,
                          in_favour=in_favour, voted_at=core.now()))
    casework.record_entry(session, core, person, case, data_key, EntryKind.NOTE, {
        "board_motion": motion.id, "board_vote": "for" if in_favour else "against",
        "text": casework.field_text(reason)})
    casework.log_action(session, core, person, "board-vote", case,
               f"motion:{motion.id}:{'for' if in_favour else 'against'}")


def _vote_of(session: Session, motion: BoardMotion, person: Person) -> BoardVote | None:
    return session.scalars(select(BoardVote).where(BoardVote.motion_id == motion.id,
                                                   BoardVote.person_id == person.id)).first()


def _tally(session: Session, core: Core, case_facts: CaseFacts,
           motion: BoardMotion) -> board.Tally:
    votes = [board.Vote(v.person_id, v.in_favour) for v in session.scalars(
        select(BoardVote).where(BoardVote.motion_id == motion.id))]
    return board.tally(votes, case_facts, facts.officers(session), core.config.board_quorum)


def _settle(session: Session, core: Core, person: Person, case: Case, data_key: bytes,
            key: vault.UnlockedKey, motion: BoardMotion) -> board.Tally:
    """Take the decision once the quorum agreed; drop it once the quorum is out of reach."""
    session.flush()
    result = _tally(session, core, casework.facts_of(session, core, case), motion)
    if result.outcome is board.Outcome.PENDING:
        return result
    motion.decided_at = core.now()
    motion.outcome = result.outcome.value
    casework.log_action(session, core, person, f"board-motion-{result.outcome.value}", case,
               f"motion:{motion.id}:{result.in_favour}/{result.quorum}")
    if result.outcome is board.Outcome.TAKEN:
        content = unseal(data_key, motion.sealed)
        if motion.kind == SANCTION:
            _take_sanction(session, core, person, case, data_key, content)
        else:
            apply_appeal_decision(session, core, person, case, data_key, key,
                                  upheld=content["upheld"], reasoning=content["reasoning"],
                                  lift=content["lift"],
                                  replacement=_replacement(content["replacement"]))
    return result


def _take_sanction(session: Session, core: Core, person: Person, case: Case, data_key: bytes,
                   content: dict[str, Any]) -> None:
    require(appeals.may_sanction_now(case.status))
    decisions.record_sanction(
        session, core, person, case, data_key, body=DecisionBody.BOARD,
        terms=_terms(content), respondent=content["respondent"], scope=content["scope"],
        considerations=decisions.Considerations(**content["considerations"]))
    if case.status is not CaseStatus.DECIDED:
        casework.move_status(session, core, person, case, CaseStatus.DECIDED)


def _terms(content: dict[str, Any]) -> SanctionTerms:
    ends = content.get("ends_on")
    return SanctionTerms(SanctionType(content["sanction"]),
                         date.fromisoformat(content["starts_on"]),
                         date.fromisoformat(ends) if ends else None,
                         justification=content.get("justification", ""),
                         covers_alv=content.get("covers_alv", False),
                         against_member=content.get("against_member", False))


def _replacement(content: dict[str, Any] | None) -> AppealSanction | None:
    if content is None:
        return None
    return AppealSanction(terms=_terms(content), respondent=content["respondent"],
                          scope=content["scope"],
                          considerations=decisions.Considerations(**content["considerations"]))
