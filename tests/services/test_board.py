"""The board decides as a body (issue 12 item 1; R-2.1, R-11.3, R-11.4, R-16.2, R-9.1), through
the services on SQLite and MariaDB: a sanction (d)-(f) and an appeal decision go to the vote of
the uninvolved board members and are taken when their quorum agrees."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from bvr.domain import CaseStatus, DecisionBody, PartyRole, Role, SanctionType
from bvr.errors import BvrError
from bvr.rules.board import Outcome
from bvr.rules.facts import SanctionTerms
from bvr.rules.verdict import RuleRefused
from bvr.services import (
    board,
    casefiles,
    casework,
    casework_decline,
    casework_outcome,
    decisions,
    people,
)
from bvr.services.core import Core
from bvr.storage.models import AuditRecord, Case, Sanction
from bvr.storage.models_board import BoardVote
from tests.considerations import weighed
from tests.services.helpers import officers, report, unlock

MEMBERS = {"Bob": "bob passphrase 1", "Berta": "berta passphrase 1",
           "Bea": "bea passphrase 1"}
WEIGHED = weighed("Threatened a participant twice, after a warning.")
EXCLUSION = SanctionTerms(SanctionType.EXCLUSION, date(2026, 3, 20), date(2027, 3, 20))


def _board(core: Core, *names: str) -> None:
    """The director, the board member BVR (on the board) and the members named."""
    officers(core)
    for name in names:
        people.add_person(core, name, (Role.BOARD,))
        people.set_passphrase(core, name, MEMBERS[name])


def _key(core: Core, name: str):  # type: ignore[no-untyped-def]
    return people.unlock(core, name, MEMBERS[name]) if name in MEMBERS else unlock(core, name)


def _in_handling(core: Core) -> str:
    number = report(core, respondent="Mallory").number
    decisions.move_case(core, number, "Director", unlock(core, "Director"),
                        CaseStatus.IN_HANDLING)
    return number


def _propose(core: Core, number: str, by: str = "Director") -> int:
    result = board.propose_sanction(core, number, by, _key(core, by), terms=EXCLUSION,
                                    respondent="Mallory", scope="all WMNL events",
                                    considerations=WEIGHED, reason="Exclusion is needed.")
    assert result.outcome is Outcome.PENDING
    return _motion(core, number, by)


def _motion(core: Core, number: str, reader: str) -> int:
    key = _key(core, reader)
    with core.database.transaction() as session:
        case = session.scalars(select(Case).where(Case.number == number)).one()
        person = people.get(session, reader)
        data_key = casefiles._data_key(session, case, person, key)
        [motion] = board.motions(session, core, case, person, data_key)
        return motion.id


def _sanctions(core: Core, number: str) -> list[tuple[SanctionType, DecisionBody]]:
    with core.database.transaction() as session:
        case = session.scalars(select(Case).where(Case.number == number)).one()
        return [(s.type, s.decided_by) for s in session.scalars(
            select(Sanction).where(Sanction.case_id == case.id).order_by(Sanction.id))]


def _status(core: Core, number: str) -> CaseStatus:
    with core.database.transaction() as session:
        return session.scalars(select(Case.status).where(Case.number == number)).one()


def _audit(core: Core, number: str, action: str) -> list[str]:
    with core.database.transaction() as session:
        case = session.scalars(select(Case).where(Case.number == number)).one()
        return list(session.scalars(select(AuditRecord.detail).where(
            AuditRecord.case_id == case.id, AuditRecord.action == action)
            .order_by(AuditRecord.id)))


def _vote(core: Core, number: str, name: str, motion: int, in_favour: bool = True):  # type: ignore[no-untyped-def]
    return board.vote(core, number, name, _key(core, name), motion_id=motion,
                      in_favour=in_favour, reason=f"{name} weighed the report.")


def test_R_11_3_R_2_1_a_board_sanction_is_taken_when_the_quorum_agrees(core: Core) -> None:
    # Before: one board member imposed (d)-(f) alone. Now that is refused...
    _board(core, "Bob", "Berta")
    number = _in_handling(core)
    with pytest.raises(RuleRefused) as alone:
        decisions.impose_sanction(core, number, "Board_bvr", unlock(core, "Board bvr"),
                                  body=DecisionBody.BOARD, terms=EXCLUSION,
                                  respondent="Mallory", scope="", considerations=WEIGHED)
    assert (alone.value.verdict.rule, alone.value.verdict.reason) == (
        "R-2.1", "rules-board-decides-by-vote")
    # ... and the handler puts it to the board, whose members then read the file.
    with pytest.raises(RuleRefused):
        casefiles.open_case(core, number, "Bob", _key(core, "Bob"))
    motion = _propose(core, number)
    assert casefiles.open_case(core, number, "Bob", _key(core, "Bob")).number == number
    # Three uninvolved members (the board member BVR, Bob, Berta): two must agree.
    first = _vote(core, number, "Bob", motion)
    assert (first.outcome, first.quorum, first.still_needed) == (Outcome.PENDING, 2, 1)
    assert _sanctions(core, number) == []
    with pytest.raises(BvrError) as twice:
        _vote(core, number, "Bob", motion, in_favour=False)
    assert twice.value.message.key == "web-board-already-voted"
    taken = _vote(core, number, "Berta", motion)
    assert taken.outcome is Outcome.TAKEN
    assert _sanctions(core, number) == [(SanctionType.EXCLUSION, DecisionBody.BOARD)]
    assert _status(core, number) is CaseStatus.DECIDED
    # Every vote and the decision are in the audit log, with nothing of the case.
    assert len(_audit(core, number, "board-vote")) == 2
    assert _audit(core, number, "board-motion-taken") == [f"motion:{motion}:2/2"]
    # The reasons are in the file.
    entries = casefiles.open_case(core, number, "Director", unlock(core, "Director")).entries
    assert {e.content.get("board_vote") for e in entries} >= {"for"}
    assert sum(1 for e in entries if "board_vote" in e.content) == 2


def test_R_11_4_an_involved_board_member_cannot_vote(core: Core) -> None:
    _board(core, "Bob", "Berta")
    number = _in_handling(core)
    motion = _propose(core, number)
    casework.declare_conflict(core, number, "Berta", True)
    with pytest.raises(RuleRefused):
        _vote(core, number, "Berta", motion)
    assert _vote(core, number, "Bob", motion).outcome is Outcome.PENDING
    assert _vote(core, number, "Board bvr", motion).outcome is Outcome.TAKEN


def test_R_2_1_board_bvr_recused_the_board_still_decides(core: Core) -> None:
    # Before: if the board member BVR recused, nobody could impose (d)-(f).
    _board(core, "Bob", "Berta")
    number = _in_handling(core)
    casework.declare_conflict(core, number, "Board_bvr", True)
    motion = _propose(core, number)
    assert _vote(core, number, "Bob", motion).outcome is Outcome.PENDING
    assert _vote(core, number, "Berta", motion).outcome is Outcome.TAKEN
    assert _sanctions(core, number) == [(SanctionType.EXCLUSION, DecisionBody.BOARD)]


def test_R_2_1_quorum_configured_and_rejection(core: Core) -> None:
    _board(core, "Bob", "Berta", "Bea")
    core.config = replace(core.config, board_quorum=3)
    number = _in_handling(core)
    casework_outcome.refer_to_board(core, number, "Director", unlock(core, "Director"))
    motion = _propose(core, number, by="Bob")  # a board member proposing has voted for it
    assert _vote(core, number, "Berta", motion).outcome is Outcome.PENDING
    assert _vote(core, number, "Bea", motion).outcome is Outcome.TAKEN
    # A second motion that too many vote against fails, and changes nothing.
    core.config = replace(core.config, board_quorum=4)
    other = _in_handling(core)
    casework_outcome.refer_to_board(core, other, "Director", unlock(core, "Director"))
    motion = _propose(core, other, by="Bob")
    assert _vote(core, other, "Berta", motion, in_favour=False).outcome is Outcome.REJECTED
    assert _sanctions(core, other) == []
    assert _status(core, other) is CaseStatus.IN_HANDLING
    with pytest.raises(BvrError) as closed:
        _vote(core, other, "Bea", motion)
    assert closed.value.message.key == "web-board-motion-decided"
    with core.database.transaction() as session:
        assert session.scalars(select(BoardVote.person_id)).all()


def test_R_16_2_an_appeal_the_board_hears_is_decided_by_its_quorum(core: Core) -> None:
    _board(core, "Bob", "Berta")
    number = _in_handling(core)
    key = unlock(core, "Director")
    decisions.impose_sanction(core, number, "Director", key,
                              body=DecisionBody.DIRECTOR_OR_BOARD_BVR,
                              terms=SanctionTerms(SanctionType.NO_CONTACT, date(2026, 3, 20),
                                                  date(2027, 3, 20)),
                              respondent="Mallory", scope="", considerations=WEIGHED)
    casework_outcome.announce_decision(core, number, "Director", key)
    assert casework_outcome.file_appeal(core, number, "Director", key,
                                        appellant_role=PartyRole.RESPONDENT,
                                        sanctioned=True) == "board"
    bob = _key(core, "Bob")
    with pytest.raises(RuleRefused) as alone:
        casework_outcome.decide_appeal(core, number, "Bob", bob, upheld=True,
                                       reasoning="Not proven.", lift=True)
    assert alone.value.verdict.reason == "rules-board-decides-by-vote"
    assert board.hears_appeal(core, number, "Bob", bob)
    proposed = board.propose_appeal_decision(core, number, "Bob", bob, upheld=True,
                                             reasoning="Not proven.", lift=True)
    assert proposed.outcome is Outcome.PENDING
    assert _status(core, number) is CaseStatus.IN_APPEAL
    motion = _motion(core, number, "Bob")
    assert _vote(core, number, "Berta", motion).outcome is Outcome.TAKEN
    assert _status(core, number) is CaseStatus.DECIDED
    assert _audit(core, number, "appeal-decided") == ["upheld"]
    today = core.now().astimezone(core.config.zone).date()
    assert not decisions.has_sanction_in_force(core, "Mallory", today)


def test_R_9_1_a_board_decline_needs_the_board_quorum(core: Core) -> None:
    # The board member BVR is the respondent: the board declines, three uninvolved members
    # (Bob, Berta, Bea) and so two must agree; with a quorum of three configured, three.
    _board(core, "Bob", "Berta", "Bea")
    core.config = replace(core.config, board_quorum=3)
    number = report(core, respondent="Board_bvr").number
    casework_decline.approve_decline(core, number, "Director", unlock(core, "Director"),
                                     reason="The dates cannot be right.")
    assert not casework_decline.board_approve_decline(core, number, "Bob").verdict
    second = casework_decline.board_approve_decline(core, number, "Berta")
    assert not second.verdict and second.verdict.params == {"num": 1}
    [seen] = casework_decline.board_declines(core, "Bea")
    assert (seen.agreed, seen.still_needed) == (2, 1)
    assert casework_decline.board_approve_decline(core, number, "Bea").verdict
    assert _status(core, number) is CaseStatus.DECLINED
