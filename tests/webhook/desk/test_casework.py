"""Working a case through the desk (flow 4), one action at a time through the real forms:
triage (R-8.3), handler and investigators with conflict-of-interest declarations (R-10.1),
informing the parties (R-10.1), hearings with adviser (R-10.2), consultations (R-12), the
investigation report with redaction and a draft-review step (R-10.3), the decision with the
authority check (R-11.3, R-11.4) and its considerations (R-11.5), appeals (R-16), closing,
reopening, linking; the two-person decline (R-9.1) and disclosure per role (R-13).

Every refused action shows the rule's reason in the reader's language and changes nothing;
every view and change is in the audit log, which the board member BVR reads on the desk."""

from __future__ import annotations

import html
import logging
import re
from datetime import timedelta
from email.message import EmailMessage

import pytest
from sqlalchemy import func, select

from bvr.domain import CaseStatus, DecisionBody, PartyRole, SanctionType
from bvr.i18n import translate
from bvr.services import auditlog, casework_web
from bvr.services.reports import PartyInput
from bvr.storage.models import AuditRecord, Case, CaseEntry, Sanction
from bvr.storage.models_board import BoardMotion
from tests.webhook.desk import scenario
from tests.webhook.desk.conftest import Desk, DeskClient, email_of, flashes, refusals, respondent

REPORT_TEXT = "Mallory shouted at a newcomer during the Utrecht meetup (planted-7f3a)."


def _state(desk: Desk, number: str) -> tuple[CaseStatus, int, int, int]:
    """What a refused action must leave alone: the status, the entries, the sanctions and the
    audit log (a refusal is not a change)."""
    with desk.core.database.transaction() as session:
        case = session.scalars(select(Case).where(Case.number == number)).one()
        return (case.status,
                session.scalar(select(func.count()).select_from(CaseEntry)
                               .where(CaseEntry.case_id == case.id)) or 0,
                session.scalar(select(func.count()).select_from(Sanction)
                               .where(Sanction.case_id == case.id)) or 0,
                session.scalar(select(func.count()).select_from(AuditRecord)
                               .where(AuditRecord.case_id == case.id,
                                      AuditRecord.action != "case-read")) or 0)


def _refused(desk: Desk, client: DeskClient, number: str, action: str, rule: str,
             expected: str, **form: object) -> None:
    """The action is refused with `expected` (in the client's language) and a "why?" link to
    `rule` ("" for a bad value, which no rule refuses); nothing changed."""
    before = _state(desk, number)
    page = client.act(number, action, **form)
    assert page.status_code == 200, page.status_code
    assert (expected, rule) in refusals(page), refusals(page)
    assert _state(desk, number) == before


def _status(page_text: str, lang: str, status: CaseStatus) -> bool:
    return translate(f"web-desk-status-{status.value.replace('_', '-')}", lang) in page_text


def _mail_to(desk: Desk, name: str) -> EmailMessage:
    address = email_of(name)
    return desk.smtp.wait_for(lambda m: address in str(m["X-Envelope-To"]))


def _content_free(message: EmailMessage, number: str) -> None:
    body = message.get_content()
    assert number in message["Subject"] and number in body
    for secret in (REPORT_TEXT, "planted-7f3a", "Mallory", "Rosa", "newcomer"):
        assert secret not in body and secret not in message["Subject"]


def test_R_8_3_to_R_16_2_a_case_worked_through_the_desk(
        desk: Desk, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    core = desk.core
    number = desk.file(REPORT_TEXT, parties=(
        PartyInput(PartyRole.REPORTER, name="Rosa Reporter", contact="rosa@example.net"),
        respondent("Mallory")))
    dora = desk.login("Dora", lang="nl")
    page = dora.get(f"/desk/case/{number}").get_data(as_text=True)
    assert "Rosa Reporter" in page and "planted-7f3a" in page  # the file, decrypted for her
    assert _status(page, "nl", CaseStatus.RECEIVED)

    # triage at once; the board is told, without content.
    desk.smtp.clear()
    page = dora.act(number, "triage", category="harassment", violation="1", regular_way="1",
                    tell="board", take_into_handling="1", note="Clear case.").get_data(
        as_text=True)
    assert _status(page, "nl", CaseStatus.IN_HANDLING)
    for board_member in ("Bob", "Berta"):
        _content_free(_mail_to(desk, board_member), number)
    assert not desk.smtp.sent_to(email_of("Dora"))  # not the one who triaged
    # Triage again (a new category) on a case in handling is no status change.
    assert dora.act(number, "triage", category="intimidation",
                    take_into_handling="1").status_code == 200
    assert _status(dora.get(f"/desk/case/{number}").get_data(as_text=True), "nl",
                   CaseStatus.IN_HANDLING)

    # the director handles this case, not the board member BVR.
    _refused(desk, dora, number, "handler", "R-10.1", translate(
        "rules-handle-director-responsible", "nl"), handler="Bea")
    assert "Dora" in dora.act(number, "handler", handler="Dora").get_data(as_text=True)

    # investigators declare no conflict of interest first; a declared conflict bars.
    _refused(desk, dora, number, "investigator", "R-10.1", translate(
        "web-investigator-declaration-needed", "nl"), investigator="Vera")
    vera = desk.login("Vera")
    assert vera.post("/desk/conflict", {"number": number, "has_conflict": ""}).status_code == 303
    stan = desk.login("Stan")
    assert stan.post("/desk/conflict", {"number": number, "has_conflict": "1"}).status_code == 303
    _refused(desk, dora, number, "investigator", "R-10.1", translate(
        "rules-investigate-involved", "nl"), investigator="Stan")
    dora.act(number, "investigator", investigator="Vera")
    _refused(desk, dora, number, "investigator", "R-10.1", translate(
        "web-investigator-declaration-needed", "nl"), external_name="Bureau Onderzoek")
    page = dora.act(number, "investigator", external_name="Bureau Onderzoek",
                    no_conflict_declared="1").get_data(as_text=True)
    assert "Vera" in page and "Bureau Onderzoek" in page

    # parties are told the process, investigators, timeline: hearings.
    page = dora.act(number, "inform", party_role="reporter", topics=["process", "timeline"],
                    text="Explained the steps and the one-month target.").get_data(as_text=True)
    assert "Explained the steps" in page
    _refused(desk, dora, number, "hearing", "", translate("web-hearing-adviser-name", "nl"),
             party_role="respondent", heard_on="2026-03-20", adviser_present="1",
             notes="Mallory's side.")
    page = dora.act(number, "hearing", party_role="respondent", heard_on="2026-03-20",
                    adviser_present="1", adviser="Mr. Adviser",
                    notes="Mallory's side of the story.").get_data(as_text=True)
    assert "Mr. Adviser" in page and "2026-03-20" in page
    # a consultation is recorded in the file.
    page = dora.act(number, "consultation", consultee="wmf_trust_and_safety",
                    summary="T&S knows the user from another wiki.").get_data(as_text=True)
    assert "T&amp;S knows the user" in page

    # a draft, discussed with the parties, then final; the deciders are told.
    _refused(desk, dora, number, "finalise", "", translate("web-report-no-draft", "nl"))
    dora.act(number, "draft", findings="Full findings naming Mallory and Rosa.",
             redacted="Findings with names removed.")
    _refused(desk, dora, number, "finalise", "R-10.3", translate(
        "web-report-not-reviewed", "nl"))
    dora.act(number, "review", party_role="respondent", comments="Agrees with the facts.")
    # the desk shows what is missing per party, and the final report waits
    # for it: Rosa was not told who investigates, nor heard, nor shown the draft; Mallory was
    # not told how, by whom and by when.
    page = dora.get(f"/desk/case/{number}").get_data(as_text=True)
    assert translate("web-steps-missing", "nl", num=4) in page
    assert translate("web-steps-missing-hearing", "nl") in page
    _refused(desk, dora, number, "finalise", "R-10.1", translate(
        "rules-investigation-steps-missing", "nl", num=4))
    page = dora.act(number, "hearing", party_role="reporter", outcome="offered",
                    heard_on="2026-03-21", notes="").get_data(as_text=True)
    assert translate("web-steps-missing-hearing-offered", "nl") in page
    desk.smtp.clear()
    page = dora.act(number, "finalise", steps_reason="Rosa does not answer; Mallory moved "
                    "abroad without an address.").get_data(as_text=True)
    assert "Mallory moved abroad" in page and translate(
        "web-entry-field-steps-reason", "nl") in page
    assert "Findings with names removed." in page
    _content_free(_mail_to(desk, "Bea"), number)

    # exclusion (d) is the board's, not the director's; considerations needed.
    sanction = {"body": "director_or_board_bvr", "type": "exclusion", "respondent": "Mallory",
                "scope": "all events", "starts_on": "2026-04-01", "ends_on": "2026-10-01",
                "nature_and_severity": "Shouting at a newcomer, twice.",
                "history": "A block on nlwiki in 2025.", "role_of_respondent": "Volunteer.",
                "personal_factors": "None known."}
    _refused(desk, dora, number, "sanction", "R-11.3", translate(
        "rules-sanction-board-only", "nl"), **sanction)
    _refused(desk, dora, number, "sanction", "R-11.5", translate(
        "rules-considerations-nature", "nl"),
        **(sanction | {"type": "no_contact", "nature_and_severity": " "}))
    _refused(desk, dora, number, "sanction", "R-11.5", translate(
        "rules-considerations-personal", "nl"),
        **(sanction | {"type": "no_contact", "personal_factors": ""}))
    page = dora.act(number, "sanction", **(sanction | {"type": "no_contact"})).get_data(
        as_text=True)
    assert _status(page, "nl", CaseStatus.DECIDED)
    assert "Shouting at a newcomer, twice." in page and "A block on nlwiki" in page
    # counts from the announcement, not from the decision.
    _refused(desk, dora, number, "appeal", "R-16.3", translate(
        "rules-appeal-not-announced", "nl"), appellant_role="respondent", sanctioned="1")
    dora.act(number, "announce")

    # the appeal against the director goes to the board, which opens the file now.
    bob = desk.login("Bob")
    assert bob.get(f"/desk/case/{number}").status_code == 404
    page = dora.act(number, "appeal", appellant_role="respondent", sanctioned="1",
                    filed_on="2026-04-02").get_data(as_text=True)
    assert _status(page, "nl", CaseStatus.IN_APPEAL)
    assert translate("web-desk-body-board", "nl") in page
    assert bob.get(f"/desk/case/{number}").status_code == 200
    _refused(desk, dora, number, "appeal_decide", "R-16.2", translate(
        "web-appeal-not-your-body", "nl"), reasoning="I decide it myself.")
    bob.act(number, "appeal_decide", reasoning="The no-contact order stands.")
    # the board decides as a body; Berta's vote completes its quorum of two.
    with desk.core.database.transaction() as session:
        motion = session.scalars(select(BoardMotion.id)).one()
    decided = desk.login("Berta").act(number, "board_vote", motion=str(motion), vote="for",
                                      reason="The order was fair.")
    # Decided: the board gives the file up again, and is told so on the start page.
    assert decided.request.path == "/desk/"
    assert flashes(decided) == [translate("web-case-saved-no-access", "en", number=number)]
    assert desk.login("Berta").get(f"/desk/case/{number}").status_code == 404
    dora.act(number, "announce")
    _refused(desk, dora, number, "appeal", "R-16.2", translate("rules-appeal-final", "nl"),
             appellant_role="respondent", sanctioned="1")

    # Closing, reopening (with the reason), linking another file.
    page = dora.act(number, "close").get_data(as_text=True)
    assert _status(page, "nl", CaseStatus.CLOSED)
    page = dora.act(number, "reopen", reason="New information arrived.").get_data(as_text=True)
    assert _status(page, "nl", CaseStatus.IN_HANDLING) and "New information arrived." in page
    other = scenario.in_handling(desk, offender="Mallory")
    hidden = scenario.against_director(desk)
    _refused(desk, dora, number, "link", "", translate("web-case-not-available", "nl"),
             other=hidden)
    _refused(desk, dora, number, "link", "", translate("web-case-not-available", "nl"),
             other="not a number")
    page = dora.act(number, "link", other=other).get_data(as_text=True)
    assert other in page
    # Every field of every entry has its name in the reader's language (no technical names).
    for technical in ("what_happened", "nature_and_severity", "party_role", "adviser_present",
                      "findings", "redacted", "considerations", "reasoning", "topics",
                      "immediate_action", "source_key", "entered_by", "reopened"):
        assert f"<dt>{technical}</dt>" not in page and f"{technical}: " not in page, technical
    assert translate("web-entry-field-nature-and-severity", "nl") in page
    assert re.findall(r"<dt>([a-z_]+)</dt>|(?:<dd>|<br>)([a-z_]+): ", page) == []
    assert number in dora.get(f"/desk/case/{other}").get_data(as_text=True)

    # the board member BVR reads the audit log: every view and change, no content.
    # Each action told as a sentence, never as the id the log stores.
    log = desk.login("Bea").get("/desk/audit?size=200").get_data(as_text=True)
    for action in ("case-read", "triaged", "handler-assigned", "investigator-added",
                   "conflict-declared", "no-conflict-declared", "entry-added:hearing",
                   "entry-added:consultation", "entry-added:investigation_report",
                   "sanction:no_contact", "decision-announced", "appeal-filed",
                   "status:decided->closed", "case-linked", "case-refused"):
        assert f"<td>{html.escape(auditlog.describe(action, 'en'))}</td>" in log, action
        assert f"<td>{html.escape(action)}</td>" not in log, action
    assert translate("web-audit-whole", "en") in log
    # Officers by name, not by id.
    assert f"<td>Dora</td><td>{auditlog.describe('triaged', 'en')}</td>" in log

    # Nothing of the case in plain text in the database or the logs (the vault, R-7.3).
    planted = ("planted-7f3a", "Rosa Reporter", "Mr. Adviser", "Bureau Onderzoek",
               "Shouting at a newcomer", "names removed", "New information arrived",
               "Mallory")
    raw = desk.raw_database()
    if raw is not None:
        assert [p for p in planted if p.encode() in raw] == []
    assert [p for p in planted if p in caplog.text] == []
    assert "planted-7f3a" not in log and "Mallory" not in log and "Rosa" not in log
    assert core.clock is desk.clock


def test_R_9_1_declining_a_bad_faith_report_takes_two_people(desk: Desk) -> None:
    number = desk.file("An obviously made-up story.")
    dora, bea, stan = desk.login("Dora"), desk.login("Bea"), desk.login("Stan")
    desk.smtp.clear()
    page = dora.act(number, "decline", reason="Evidently made up.")
    _content_free(_mail_to(desk, "Bea"), number)  # the second person is asked, no content
    waiting = translate("web-decline-recorded", "en",
                        waiting=translate("web-desk-role-board-bvr", "en"))
    assert waiting in flashes(page)
    assert _status(page.get_data(as_text=True), "en", CaseStatus.RECEIVED)
    assert stan.post(f"/desk/case/{number}/decline", {"reason": "me too"}).status_code == 404
    assert dora.act(number, "decline", reason="Again.").status_code == 200  # counts once
    assert _status(dora.get(f"/desk/case/{number}").get_data(as_text=True), "en",
                   CaseStatus.RECEIVED)
    page = bea.act(number, "decline", reason="Agreed: no basis at all.")
    assert _status(page.get_data(as_text=True), "en", CaseStatus.DECLINED)

    # when the director is involved, the board decides: two board members.
    against = scenario.against_director(desk)
    assert desk.login("Dora").get(f"/desk/case/{against}").status_code == 404
    page = bea.act(against, "decline", reason="Made up.")
    waiting = translate("web-decline-recorded", "en",
                        waiting=translate("web-desk-role-board", "en"))
    assert waiting in flashes(page)
    assert _status(page.get_data(as_text=True), "en", CaseStatus.RECEIVED)


def test_R_16_3_an_appeal_after_eight_weeks_is_refused_and_the_board_goes_to_the_committee(
        desk: Desk) -> None:
    number = scenario.decided(desk, "Bea", DecisionBody.BOARD, SanctionType.EXCLUSION)
    bea = desk.login("Bea")
    weeks = desk.core.config.periods.appeal_weeks
    late = (desk.clock.now + timedelta(weeks=weeks, days=2)).date().isoformat()
    _refused(desk, bea, number, "appeal", "R-16.3", translate(
        "rules-appeal-too-late", "en", num_weeks=weeks,
        due=(desk.clock.now + timedelta(weeks=weeks)).astimezone(
            desk.core.config.zone).date().isoformat()),
        appellant_role="respondent", sanctioned="1", filed_on=late)
    # a witness has no stake in the outcome.
    _refused(desk, bea, number, "appeal", "R-16.1", translate(
        "rules-appeal-not-involved", "en"), appellant_role="witness")
    ada = desk.login("Ada")
    assert ada.get(f"/desk/case/{number}").status_code == 404
    # standing is checked against the case's parties: this case names no victim.
    _refused(desk, bea, number, "appeal", "R-16.1", translate(
        "rules-appeal-not-a-party", "en"), appellant_role="victim")
    bea.act(number, "appeal", appellant_role="reporter")
    assert translate("web-desk-body-appeals-committee", "en") in ada.get(
        f"/desk/case/{number}").get_data(as_text=True)
    ada.act(number, "appeal_decide", upheld="1", reasoning="Too heavy; reduced.")
    assert ada.get(f"/desk/case/{number}").status_code == 404


def test_R_13_disclosure_follows_the_reporters_relation_to_the_case(desk: Desk) -> None:
    witness = casework_web.file_web_report(desk.core, casework_web.WebReport(
        what_happened="I saw someone being harassed.", language="en"))
    victim = casework_web.file_web_report(desk.core, casework_web.WebReport(
        what_happened="I was harassed.", language="en", is_victim=True))
    dora = desk.login("Dora")
    page = dora.get(f"/desk/case/{witness.number}").get_data(as_text=True)
    assert translate("web-case-channel", "en",
                     level=translate("web-desk-disclosure-outline", "en")) in page
    for relation, disclosure in (("respondent", "redacted-report"),
                                 ("reporter-not-victim", "outline"),
                                 ("decider", "full-report"), ("other", "nothing")):
        row = (f"<td>{translate(f'web-desk-relation-{relation}', 'en')}</td>"
               f"<td>{translate(f'web-desk-disclosure-{disclosure}', 'en')}</td>")
        assert row in page, relation

    # the outline of the outcome, yes; the (redacted) report, no.
    dora.act(witness.number, "message", kind="outcome", text="The case was handled.")
    _refused(desk, dora, witness.number, "message", "R-13.3", translate(
        "rules-disclosure-outline-only", "en"), kind="report",
        text="The redacted report.")
    # a reporter who is the victim receives the redacted report.
    dora.act(victim.number, "message", kind="report", text="The redacted report for you.")
    seen = casework_web.read_channel(desk.core, victim.code)
    assert [m.text for m in seen.messages] == ["The redacted report for you."]
    assert [m.text for m in casework_web.read_channel(desk.core, witness.code).messages] == [
        "The case was handled."]


def test_R_16_4_no_appeal_while_the_event_runs_a_written_appeal_afterwards(
        desk: Desk) -> None:
    number = scenario.on_site(desk)  # the meetup runs on 14 and 15 March
    dora = desk.login("Dora")
    dora.act(number, "triage", category="harassment", violation="1", take_into_handling="1")
    dora.act(number, "sanction", body="director_or_board_bvr", type="event_exclusion",
             respondent="Mallory", starts_on="2026-03-14", ends_on="2026-03-16",
             nature_and_severity="Followed someone around the venue.",
             history="None known.", role_of_respondent="A participant.",
             personal_factors="None known.")  # all four
    dora.act(number, "announce")
    _refused(desk, dora, number, "appeal", "R-16.4", translate(
        "rules-appeal-during-event", "en"), appellant_role="respondent", sanctioned="1")
    page = dora.act(number, "appeal", appellant_role="respondent", sanctioned="1",
                    filed_on="2026-03-17")
    assert _status(page.get_data(as_text=True), "en", CaseStatus.IN_APPEAL)
