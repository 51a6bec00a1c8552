"""Two protocol paths through `bvr.services.casework` and `decisions`, on SQLite and MariaDB:

- R-9.1 with an involved officer: the board decides whether to decline, but does not open the
  file (R-15.2). The person handling the case proposes the decline with the reasons in the
  file; board members record the board's decision on the case number alone, and are told by a
  content-free email that it is needed.
- R-16.2: while an appeal is pending no sanction is imposed beside it; the appeal body's
  decision upholds, changes or lifts the sanction.
"""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date

import pytest
from sqlalchemy import func, select

from bvr.config import Mail
from bvr.domain import CaseStatus, DecisionBody, PartyRole, Role, SanctionType
from bvr.errors import BvrError
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
from bvr.storage.models import Appeal, AuditRecord, Case, CaseKey, Sanction
from testbed.smtp import SmtpCapture
from tests.considerations import weighed
from tests.services.helpers import board_decides_appeal, officers, report, unlock

BOARD = {"Bob": "bob passphrase 1", "Berta": "berta passphrase 1"}
SECRET = "Made-up story planted-9c1e"


def _board(core: Core) -> None:
    """The director, the board member BVR and two more board members, all with keys and
    mail going to the test bed's capture."""
    officers(core)
    for name, passphrase in BOARD.items():
        people.add_person(core, name, (Role.BOARD,), language="en",
                          email=f"{name.lower()}@example.org")
        people.set_passphrase(core, name, passphrase)


def _mail_to(core: Core, smtp: SmtpCapture) -> None:
    core.config = replace(core.config, mail=Mail(host=smtp.host, port=smtp.port))
    smtp.clear()


def _case(core: Core, number: str) -> Case:
    with core.database.transaction() as session:
        return session.scalars(select(Case).where(Case.number == number)).one()


def _audited(core: Core, number: str, action: str) -> list[str]:
    with core.database.transaction() as session:
        case = session.scalars(select(Case).where(Case.number == number)).one()
        return list(session.scalars(select(AuditRecord.actor).where(
            AuditRecord.case_id == case.id, AuditRecord.action == action)
            .order_by(AuditRecord.id)))


def _person_id(core: Core, name: str) -> int:
    with core.database.transaction() as session:
        return people.get(session, name).id


def _holds_key(core: Core, number: str, name: str) -> bool:
    with core.database.transaction() as session:
        case = session.scalars(select(Case).where(Case.number == number)).one()
        person = people.get(session, name)
        return session.scalar(select(func.count()).select_from(CaseKey).where(
            CaseKey.case_id == case.id, CaseKey.person_id == person.id)) == 1


def test_R_9_1_R_15_2_the_board_declines_without_opening_the_file(
        core: Core, smtp_capture: SmtpCapture) -> None:
    _board(core)
    _mail_to(core, smtp_capture)
    # The board member BVR is the alleged offender: the board decides, the director
    # handles and holds the key; the board does not.
    number = report(core, text=SECRET, respondent="Board_bvr").number
    for name, passphrase in BOARD.items():
        assert not _holds_key(core, number, name)
        with pytest.raises(RuleRefused):
            casefiles.open_case(core, number, name, people.unlock(core, name, passphrase))

    # Nothing proposed yet: the board sees nothing, and a board member cannot start it.
    assert casework_decline.board_declines(core, "Bob") == []
    with pytest.raises(BvrError) as nothing:
        casework_decline.board_approve_decline(core, number, "Bob")
    assert nothing.value.message.key == "web-board-decline-not-available"

    result = casework_decline.approve_decline(core, number, "Director", unlock(core, "Director"),
                                              reason="The dates cannot be right: made up.")
    assert not result.verdict and result.body is DecisionBody.BOARD
    assert result.still_needed == {Role.BOARD}
    # The two uninvolved board members are asked, with nothing of the case in the mail; the
    # board member BVR, a party, is not.
    for name in BOARD:
        mail = smtp_capture.wait_for(lambda m, n=name: f"{n.lower()}@example.org"
                                     in str(m["X-Envelope-To"]))
        body = mail.get_content()
        assert number in body and "9.1" in body
        for secret in (SECRET, "planted-9c1e", "Board_bvr", "made up"):
            assert secret not in body and secret not in str(mail["Subject"])

    # What a board member sees: the number and the state of the board's decision, no more.
    [seen] = casework_decline.board_declines(core, "Bob")
    assert {f.name for f in fields(seen)} == {"number", "proposed_at", "agreed",
                                              "still_needed", "mine", "conflict"}
    assert (seen.number, seen.agreed, seen.still_needed, seen.mine) == (number, 0, 2, False)
    # A party sees nothing and learns nothing: the same answer as for a number never used.
    assert casework_decline.board_declines(core, "Board_bvr") == []
    with pytest.raises(BvrError) as hidden:
        casework_decline.board_approve_decline(core, number, "Board_bvr")
    assert hidden.value.message.key == "web-board-decline-not-available"
    with pytest.raises(RuleRefused) as not_board:
        casework_decline.board_declines(core, "Director")
    assert not_board.value.verdict.reason == "rules-decline-board-members-only"

    first = casework_decline.board_approve_decline(core, number, "Bob")
    assert not first.verdict and first.verdict.params == {"num": 1}
    assert not casework_decline.board_approve_decline(core, number, "Bob").verdict  # counts once
    assert casework_decline.board_declines(core, "Bob")[0].mine

    # A board member who declared a conflict is refused with the rule's reason.
    casework.declare_conflict(core, number, "Berta", True)
    assert casework_decline.board_declines(core, "Berta")[0].conflict
    with pytest.raises(RuleRefused) as conflicted:
        casework_decline.board_approve_decline(core, number, "Berta")
    assert conflicted.value.verdict.explain("en").startswith("R-9.1: ")
    assert conflicted.value.verdict.reason == "rules-decline-involved"
    assert _case(core, number).status is CaseStatus.RECEIVED

    casework.declare_conflict(core, number, "Berta", False)
    assert casework_decline.board_approve_decline(core, number, "Berta").verdict
    assert _case(core, number).status is CaseStatus.DECLINED
    assert casework_decline.board_declines(core, "Bob") == []
    # Every agreement is audited; the board never got the key.
    ids = {name: f"person:{_person_id(core, name)}" for name in ("Director", *BOARD)}
    assert _audited(core, number, "decline-approved") == [
        ids["Director"], ids["Bob"], ids["Berta"]]
    for name in BOARD:
        assert not _holds_key(core, number, name)
    # The proposer's reasons are in the file, encrypted, for those who may open it.
    view = casefiles.open_case(core, number, "Director", unlock(core, "Director"))
    assert any(e.content.get("text") == "The dates cannot be right: made up."
               for e in view.entries)


def test_R_9_1_the_board_records_nothing_where_the_director_and_bvr_decide(
        core: Core, smtp_capture: SmtpCapture) -> None:
    _board(core)
    _mail_to(core, smtp_capture)
    number = report(core, text=SECRET).number
    casework_decline.approve_decline(core, number, "Director", unlock(core, "Director"),
                                     reason="Made up.")
    assert casework_decline.board_declines(core, "Bob") == []
    with pytest.raises(RuleRefused) as refused:
        casework_decline.board_approve_decline(core, number, "Bob")
    assert refused.value.verdict.explain("en").startswith("R-9.1: ")
    assert refused.value.verdict.reason == "rules-decline-not-director-or-bvr"
    assert _case(core, number).status is CaseStatus.RECEIVED
    with pytest.raises(BvrError) as unknown:
        casework_decline.board_approve_decline(core, "BVR-2019-0001-A", "Bob")
    assert unknown.value.message.key == "web-board-decline-not-available"
    # The board member BVR completes the normal route.
    assert casework_decline.approve_decline(core, number, "Board_bvr", unlock(core, "Board bvr"),
                                            reason="Agreed.").verdict
    assert _case(core, number).status is CaseStatus.DECLINED


# --- a sanction during an appeal ----------------------------------------------------

NO_CONTACT = SanctionTerms(SanctionType.NO_CONTACT, date(2026, 3, 14), date(2026, 12, 31))
WEIGHED = weighed("Kept messaging someone who asked them to stop.")


def _appealed(core: Core) -> str:
    """A no-contact order by the director, announced and appealed to the board."""
    number = report(core, respondent="Mallory").number
    key = unlock(core, "Director")
    decisions.move_case(core, number, "Director", key, CaseStatus.IN_HANDLING)
    decisions.impose_sanction(core, number, "Director", key,
                              body=DecisionBody.DIRECTOR_OR_BOARD_BVR, terms=NO_CONTACT,
                              respondent="Mallory", scope="WMNL events", considerations=WEIGHED)
    casework_outcome.announce_decision(core, number, "Director", key)
    assert casework_outcome.file_appeal(
        core, number, "Director", key, appellant_role=PartyRole.RESPONDENT,
        sanctioned=True) == "board"
    return number


def _sanctions(core: Core, number: str) -> list[tuple[SanctionType, DecisionBody, date | None]]:
    with core.database.transaction() as session:
        case = session.scalars(select(Case).where(Case.number == number)).one()
        return [(s.type, s.decided_by, s.ends_on) for s in session.scalars(
            select(Sanction).where(Sanction.case_id == case.id).order_by(Sanction.id))]


def _open_appeals(core: Core, number: str) -> int:
    with core.database.transaction() as session:
        case = session.scalars(select(Case).where(Case.number == number)).one()
        return session.scalar(select(func.count()).select_from(Appeal).where(
            Appeal.case_id == case.id, Appeal.decided_at.is_(None))) or 0


def test_R_16_2_no_sanction_is_imposed_while_an_appeal_is_pending(core: Core) -> None:
    _board(core)
    number = _appealed(core)
    before = _sanctions(core, number)
    for name, key in (("Director", unlock(core, "Director")),
                      ("Bob", people.unlock(core, "Bob", BOARD["Bob"]))):
        body = DecisionBody.BOARD if name == "Bob" else DecisionBody.DIRECTOR_OR_BOARD_BVR
        with pytest.raises(RuleRefused) as refused:
            decisions.impose_sanction(
                core, number, name, key, body=body,
                terms=SanctionTerms(SanctionType.WARNING, date(2026, 3, 20)),
                respondent="Mallory", scope="", considerations=WEIGHED)
        assert refused.value.verdict.rule == "R-16.2"
        assert refused.value.verdict.reason == "rules-appeal-pending-no-sanction"
        for lang in ("nl", "en", "sv"):
            assert refused.value.verdict.explain(lang).startswith("R-16.2: ")
    # Nothing changed: still in appeal, the appeal open, the sanction as it was.
    assert _case(core, number).status is CaseStatus.IN_APPEAL
    assert _open_appeals(core, number) == 1
    assert _sanctions(core, number) == before


def test_R_16_2_the_board_changes_the_sanction_through_its_appeal_decision(
        core: Core) -> None:
    _board(core)
    number = _appealed(core)
    bob = people.unlock(core, "Bob", BOARD["Bob"])
    today = core.now().astimezone(core.config.zone).date()
    assert decisions.has_sanction_in_force(core, "Mallory", today)
    replacement = casework_outcome.AppealSanction(
        terms=SanctionTerms(SanctionType.WARNING, today), respondent="Mallory", scope="",
        considerations=weighed("A first time; a warning is enough."))
    # A dismissed appeal changes nothing.
    with pytest.raises(RuleRefused) as dismissed:
        board.propose_appeal_decision(core, number, "Bob", bob, upheld=False, reasoning="No.",
                                      replacement=replacement)
    assert dismissed.value.verdict.reason == "rules-appeal-dismissed-no-change"
    assert _open_appeals(core, number) == 1

    # The board decides as a body: Bob proposes, Berta agrees.
    board_decides_appeal(core, number, [("Bob", bob), ("Berta", people.unlock(
        core, "Berta", BOARD["Berta"]))], upheld=True, reasoning="Too heavy for a first time.",
        replacement=replacement)
    assert _case(core, number).status is CaseStatus.DECIDED
    assert _open_appeals(core, number) == 0
    # The old order ends today, the warning is the board's decision on appeal.
    assert _sanctions(core, number) == [
        (SanctionType.NO_CONTACT, DecisionBody.DIRECTOR_OR_BOARD_BVR, today),
        (SanctionType.WARNING, DecisionBody.BOARD, None)]
    assert not decisions.has_sanction_in_force(core, "Mallory", today)
    assert decisions.sanctions_register(core, "Director", unlock(core, "Director"),
                                        today) == []
    assert _audited(core, number, "appeal-decided") and _audited(
        core, number, "sanction-lifted:no_contact")
    # The board's decision on appeal is final: nothing further inside.
    with pytest.raises(RuleRefused) as final:
        casework_outcome.announce_decision(core, number, "Director", unlock(core, "Director"))
        casework_outcome.file_appeal(core, number, "Director", unlock(core, "Director"),
                                     appellant_role=PartyRole.RESPONDENT, sanctioned=True)
    assert final.value.verdict.reason == "rules-appeal-final"


def test_R_16_2_an_upheld_appeal_lifts_the_sanction(core: Core) -> None:
    _board(core)
    number = _appealed(core)
    berta = people.unlock(core, "Berta", BOARD["Berta"])
    board_decides_appeal(core, number, [("Berta", berta), ("Bob", people.unlock(
        core, "Bob", BOARD["Bob"]))], upheld=True, reasoning="Not proven.", lift=True)
    today = core.now().astimezone(core.config.zone).date()
    assert _sanctions(core, number) == [
        (SanctionType.NO_CONTACT, DecisionBody.DIRECTOR_OR_BOARD_BVR, today)]
    assert not decisions.has_sanction_in_force(core, "Mallory", today)
    assert _open_appeals(core, number) == 0
