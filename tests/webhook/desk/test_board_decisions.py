"""Two board decisions through the desk (SQLite and MariaDB, by the shared `core` fixture):

- R-9.1 with an involved officer: the board decides whether to decline a report, without
  opening the file (R-15.2). The director, handling the case, proposes; board members record
  the board's decision on their own page, which shows case numbers and the state of the
  decision only; they are asked by a content-free email.
- R-16.2: no sanction beside a pending appeal; the board changes the sanction through its
  appeal decision.
"""

from __future__ import annotations

from sqlalchemy import select

from bvr.domain import CaseStatus
from bvr.i18n import translate
from bvr.storage.models import AuditRecord, Case, Sanction
from bvr.storage.models_board import BoardMotion
from tests.webhook.desk import scenario
from tests.webhook.desk.conftest import Desk, email_of, flashes, refusals, respondent

STORY = "Bea supposedly stole the projector (planted-5b2e)."
REASON = "Bea was abroad that week: made up (planted-77aa)."


def _status(desk: Desk, number: str) -> CaseStatus:
    with desk.core.database.transaction() as session:
        return session.scalars(select(Case.status).where(Case.number == number)).one()


def _content(page: str) -> str:
    """The page's own content, without the header (which names whoever is logged in)."""
    return page.split("<main", 1)[-1]


def test_R_9_1_R_15_2_the_board_declines_on_its_own_page_without_the_file(desk: Desk) -> None:
    number = desk.file(STORY, parties=(respondent("Bea"),))
    dora, bob, bea = desk.login("Dora"), desk.login("Bob"), desk.login("Bea")
    berta = desk.login("Berta", lang="nl")
    assert "/desk/declines" not in dora.get("/desk/").get_data(as_text=True)
    assert "/desk/declines" in bob.get("/desk/").get_data(as_text=True)
    assert dora.get("/desk/declines").status_code == 403

    # The director, who handles the case, proposes; the board decides.
    desk.smtp.clear()
    page = dora.act(number, "decline", reason=REASON)
    assert translate("web-decline-recorded", "en", waiting=translate(
        "web-desk-role-board", "en")) in flashes(page)
    for name in ("Bob", "Berta"):
        mail = desk.smtp.wait_for(lambda m, n=name: email_of(n) in str(m["X-Envelope-To"]))
        body = mail.get_content()
        assert number in body and translate("notify-reason-decline-board", "en") in body
        for secret in ("planted-5b2e", "planted-77aa", "projector", "Bea", "abroad"):
            assert secret not in body and secret not in str(mail["Subject"])
    assert not desk.smtp.sent_to(email_of("Bea"))  # a party is not asked

    # The board member sees the number and the state of the decision; never the file.
    assert bob.get(f"/desk/case/{number}").status_code == 404
    page = _content(bob.get("/desk/declines").get_data(as_text=True))
    assert number in page
    assert translate("web-declines-count", "en", num_agreed=0, num_needed=2) in page
    for secret in ("planted-5b2e", "planted-77aa", "projector", "abroad", "Bea", "Dora"):
        assert secret not in page
    # The board member BVR, a party, sees nothing and learns nothing by posting the number.
    assert number not in bea.get("/desk/declines").get_data(as_text=True)
    answer = bea.post("/desk/declines", {"number": number})
    assert answer.status_code == 303
    assert translate("web-board-decline-not-available", "en") in flashes(
        bea.get(answer.headers["Location"]))

    answer = bob.post("/desk/declines", {"number": number})
    page = bob.get(answer.headers["Location"])
    assert translate("web-declines-recorded", "en", number=number, num_needed=1) in flashes(page)
    assert translate("web-declines-mine", "en") in page.get_data(as_text=True)
    assert _status(desk, number) is CaseStatus.RECEIVED

    # A declared conflict: refused with the rule's reason, in the reader's language.
    assert berta.post("/desk/conflict", {"number": number, "has_conflict": "1"}
                      ).status_code == 303
    page = berta.get(berta.post("/desk/declines", {"number": number}).headers["Location"])
    assert (translate("rules-decline-involved", "nl"), "R-9.1") in refusals(page)
    assert _status(desk, number) is CaseStatus.RECEIVED
    berta.post("/desk/conflict", {"number": number, "has_conflict": ""})
    page = berta.get(berta.post("/desk/declines", {"number": number}).headers["Location"])
    assert translate("web-declines-decided", "nl", number=number) in flashes(page)
    assert _status(desk, number) is CaseStatus.DECLINED
    assert number not in bob.get("/desk/declines").get_data(as_text=True)

    # Every agreement is in the audit log; nothing of the proposal is stored in plain.
    with desk.core.database.transaction() as session:
        case_id = session.scalars(select(Case.id).where(Case.number == number)).one()
        approvals = session.scalars(select(AuditRecord.detail).where(
            AuditRecord.case_id == case_id, AuditRecord.action == "decline-approved")).all()
    assert sorted(approvals) == ["board", "board:without-file", "board:without-file"]
    raw = desk.raw_database()
    if raw is not None:
        assert b"planted-5b2e" not in raw and b"planted-77aa" not in raw


def test_R_9_1_a_board_member_cannot_decline_where_the_director_and_bvr_decide(
        desk: Desk) -> None:
    number = desk.file("An obviously made-up story.")
    desk.login("Dora").act(number, "decline", reason="Evidently made up.")
    bob = desk.login("Bob")
    assert number not in bob.get("/desk/declines").get_data(as_text=True)
    page = bob.get(bob.post("/desk/declines", {"number": number}).headers["Location"])
    assert (translate("rules-decline-not-director-or-bvr", "en"), "R-9.1") in refusals(page)
    page = bob.get(bob.post("/desk/declines", {"number": "nonsense"}).headers["Location"])
    assert translate("web-board-decline-not-available", "en") in flashes(page)
    assert _status(desk, number) is CaseStatus.RECEIVED


def test_R_16_2_no_sanction_during_an_appeal_the_board_changes_it_in_its_decision(
        desk: Desk) -> None:
    number = scenario.appealed(desk)  # the director's no-contact order, appealed to the board
    dora, bob = desk.login("Dora", lang="sv"), desk.login("Bob")
    page = dora.act(number, "sanction", body="director_or_board_bvr", type="warning",
                    respondent="Mallory", starts_on="2026-03-20",
                    nature_and_severity="Shouting.")
    assert (translate("rules-appeal-pending-no-sanction", "sv"), "R-16.2") in refusals(page)
    assert _status(desk, number) is CaseStatus.IN_APPEAL

    # A dismissed appeal cannot change the sanction; an upheld one replaces it.
    page = bob.act(number, "appeal_decide", reasoning="No.", lift="1")
    assert (translate("rules-appeal-dismissed-no-change", "en"), "R-16.2") in refusals(page)
    today = desk.clock.now.astimezone(desk.core.config.zone).date()
    page = bob.act(number, "appeal_decide", upheld="1", reasoning="Too heavy.",
                   new_type="warning", new_respondent="Mallory",
                   new_starts_on=today.isoformat(),
                   new_nature_and_severity="A first time: a warning.")
    # the replacing sanction asks for every consideration, as a first one does.
    assert (translate("rules-considerations-history", "en"), "R-11.5") in refusals(page)
    page = bob.act(number, "appeal_decide", upheld="1", reasoning="Too heavy.",
                   new_type="warning", new_respondent="Mallory",
                   new_starts_on=today.isoformat(),
                   new_nature_and_severity="A first time: a warning.",
                   new_history="None known.", new_role_of_respondent="A participant.",
                   new_personal_factors="None known.")
    # the board decides as a body: Bob's proposal waits for one more member's vote.
    assert translate("web-board-proposed", "en", num=1) in flashes(page)
    assert _status(desk, number) is CaseStatus.IN_APPEAL
    assert translate("web-board-you-voted", "en") in page.get_data(as_text=True)
    with desk.core.database.transaction() as session:
        motion = session.scalars(select(BoardMotion.id)).one()
    berta = desk.login("Berta")
    shown = berta.get(f"/desk/case/{number}").get_data(as_text=True)
    assert f'id="do-board-vote-{motion}"' in shown
    assert translate("web-board-tally", "en", num_in_favour=1, num=2, num_against=0) in shown
    page = berta.act(number, "board_vote", motion=str(motion), vote="for",
                     reason="A warning suffices.")
    # Issue 13: saved, and said why the file is gone, on a page the board member may see.
    assert flashes(page) == [translate("web-case-saved-no-access", "en", number=number)]
    assert _status(desk, number) is CaseStatus.DECIDED
    with desk.core.database.transaction() as session:
        case_id = session.scalars(select(Case.id).where(Case.number == number)).one()
        rows = session.execute(select(Sanction.type, Sanction.decided_by, Sanction.ends_on)
                               .where(Sanction.case_id == case_id).order_by(Sanction.id)).all()
    assert [(t.value, b.value, e) for t, b, e in rows] == [
        ("no_contact", "director_or_board_bvr", today), ("warning", "board", None)]
    # The board gave up the file with its decision.
    assert bob.get(f"/desk/case/{number}").status_code == 404
    page = dora.get(f"/desk/case/{number}").get_data(as_text=True)
    assert translate("web-entry-field-sanction-replaced", "sv") in page
