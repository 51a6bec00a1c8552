"""The reporter's two-way channel, opened with the receipt code by POST (flow 2): where the
case stands, the outline of the outcome the reporter may learn (R-13.2, R-13.3), answers and
more information, and never anything that says who the reporter is."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from bvr.domain import CaseStatus, Category, EntryKind
from bvr.rules.verdict import RuleRefused
from bvr.services import casefiles, casework, casework_outcome, casework_web, decisions, retention
from bvr.services.core import Core
from bvr.storage.models import Case
from bvr.storage.models_web import ReporterMessage, ReporterMessageKey
from testbed.smtp import SmtpCapture
from tests.conftest import FrozenClock
from tests.webhook.conftest import DIRECTOR, form_token, unlock
from tests.webhook.public.support import (
    open_channel,
    page_text,
    receipt_code,
    row_counts,
    submit,
)


def _number(core: Core) -> str:
    """How the desk addresses the only file: its case number, or for an anonymous report
    awaiting confirmation its pending reference (R-7.4: no case number yet)."""
    with core.database.transaction() as session:
        return session.scalars(select(Case)).one().address


def _write(client: FlaskClient, code: str, text: str, kind: str = "info") -> str:
    response = client.post("/channel/write", data={
        "code": code, "kind": kind, "text": text,
        "csrf_token": form_token(client, "/channel")})
    assert response.status_code in (200, 400)
    return page_text(response)


def test_coming_back_with_the_code_shows_where_the_report_stands(
        client: FlaskClient, web_core: Core) -> None:
    code = receipt_code(submit(client, reporter_name="Rosa"))
    response = open_channel(client, code)
    assert response.status_code == 200
    text = page_text(response)
    assert "Where your report stands: Received" in text
    assert "There are no messages yet." in text
    # The code is typed in, forgivingly: lower case, spaces instead of dashes.
    assert open_channel(client, code.lower().replace("-", " ")).status_code == 200


def test_R_7_4_an_anonymous_reporter_sees_the_report_awaits_confirmation(
        client: FlaskClient, web_core: Core) -> None:
    code = receipt_code(submit(client, anonymous="1"))
    text = page_text(open_channel(client, code))
    assert "Waiting for confirmation" in text
    assert "without it we have to stop, and then no case file is kept" in text


def test_an_unknown_code_is_refused_clearly_without_saying_more(
        client: FlaskClient, web_core: Core) -> None:
    submit(client)
    response = open_channel(client, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH")
    assert response.status_code == 404
    text = page_text(response)
    assert "We do not recognise this code." in text
    assert "Received" not in text


def test_the_code_is_never_accepted_from_a_url(client: FlaskClient, web_core: Core) -> None:
    code = receipt_code(submit(client))
    response = client.get(f"/channel?code={code}")
    assert "Where your report stands" not in page_text(response)
    assert code not in response.get_data(as_text=True)


def test_R_13_3_a_reporter_who_is_not_the_victim_reads_the_outline_of_the_outcome(
        client: FlaskClient, web_core: Core) -> None:
    code = receipt_code(submit(client, anonymous="1", is_victim="0"))
    number = _number(web_core)
    key = unlock(web_core, DIRECTOR)
    casework.triage(web_core, number, DIRECTOR.username, key, casework.Triage(
        category=Category.HARASSMENT, violation=True, immediate_action=False, regular_way=True,
        confirmed=True, take_into_handling=True))
    casework.message_reporter(web_core, number, DIRECTOR.username, key,
                              text="The person received a written warning.", kind="outcome")
    # the full or redacted report is not theirs to read.
    with pytest.raises(RuleRefused) as refused:
        casework.message_reporter(web_core, number, DIRECTOR.username, key,
                                  text="The full report ...", kind="report")
    assert refused.value.verdict.rule == "R-13.3"
    text = page_text(open_channel(client, code))
    assert "Where your report stands: Being handled" in text
    assert "From the people handling your report · Outline of the outcome" in text
    assert "The person received a written warning." in text
    assert "The full report" not in text
    assert DIRECTOR.username not in text  # the channel names no handler either


def test_R_13_2_a_reporter_who_is_the_victim_may_receive_the_report(
        client: FlaskClient, web_core: Core) -> None:
    code = receipt_code(submit(client, reporter_name="Rosa", is_victim="1"))
    number = _number(web_core)
    casework.message_reporter(web_core, number, DIRECTOR.username, unlock(web_core, DIRECTOR),
                              text="Redacted final report: the respondent was excluded.",
                              kind="report")
    text = page_text(open_channel(client, code))
    assert "Report on the outcome" in text
    assert "Redacted final report: the respondent was excluded." in text


def test_the_reporter_answers_a_question_and_the_handler_reads_it_without_learning_who(
        client: FlaskClient, web_core: Core, smtp_capture: SmtpCapture) -> None:
    code = receipt_code(submit(client, anonymous="1"))
    number = _number(web_core)
    key = unlock(web_core, DIRECTOR)
    casework.message_reporter(web_core, number, DIRECTOR.username, key,
                              text="Which day did this happen?", kind="question")
    assert "Which day did this happen?" in page_text(open_channel(client, code))
    smtp_capture.clear()

    text = _write(client, code, "It was on Saturday, in the evening.", kind="answer")
    assert "Your message has been sent." in text
    assert "From you · Answer to a question" in text
    assert "It was on Saturday, in the evening." in text
    # The handlers hear that there is a message, not what it says.
    told = {m["To"] for m in smtp_capture.messages}
    assert DIRECTOR.email in told
    assert all("Saturday" not in m.as_string() for m in smtp_capture.messages)

    # The first key holder who opens the case adopts the message into the case file; the
    # inbox copy is wiped, and nothing in the entry says who wrote it.
    with casefiles.opened(web_core, number, DIRECTOR.username, key) as (
            session, person, case, data_key):
        assert casework_web.adopt_messages(session, web_core, person, case, key, data_key) == 1
    view = casefiles.open_case(web_core, number, DIRECTOR.username, key)
    adopted = [e.content for e in view.entries if e.kind is EntryKind.CORRESPONDENCE
               and e.content.get("from") == "reporter"]
    assert adopted == [{"from": "reporter", "kind": "answer",
                        "text": "It was on Saturday, in the evening."}]
    with web_core.database.transaction() as session:
        assert session.scalars(select(ReporterMessage.inbox_ciphertext).where(
            ReporterMessage.kind == "answer")).one() is None
        assert session.scalars(select(ReporterMessageKey)).all() == []


def test_R_16_1_the_reporter_can_appeal_through_the_channel(
        client: FlaskClient, web_core: Core) -> None:
    code = receipt_code(submit(client, reporter_name="Rosa"))
    # Before any decision there is nothing to appeal against: the channel says so plainly.
    response = client.post("/channel/write", data={
        "code": code, "kind": "appeal", "text": "I appeal.",
        "csrf_token": form_token(client, "/channel")})
    assert response.status_code == 400
    refusal = page_text(response)
    assert "Nothing has been decided in this case yet" in refusal and "R-16" not in refusal
    number = _number(web_core)
    key = unlock(web_core, DIRECTOR)
    casework.triage(web_core, number, DIRECTOR.username, key, casework.Triage(
        category=Category.HARASSMENT, violation=False, immediate_action=False,
        regular_way=True, take_into_handling=True))
    casework_outcome.decide_without_sanction(web_core, number, DIRECTOR.username, key,
                                             reasoning="No violation found.")
    # counts from the announcement: until then the channel offers no appeal.
    assert 'id="appeal-offer"' not in open_channel(client, code).get_data(as_text=True)
    casework_outcome.announce_decision(web_core, number, DIRECTOR.username, key)
    assert 'id="appeal-offer"' in open_channel(client, code).get_data(as_text=True)
    text = _write(client, code, "I do not agree with the decision.", kind="appeal")
    assert "From you · Appeal" in text
    with web_core.database.transaction() as session:
        case = session.scalars(select(Case)).one()
        assert len(casework_web.pending_appeal_requests(session, case)) == 1


@pytest.mark.parametrize(("kind", "text", "message"), [
    ("info", "   ", "The message is empty."),
    ("info", "x" * 20_001, "The message is 20001 characters long; at most 20000 fit."),
    ("outcome", "I decide myself", "This type of message cannot be sent here."),
])
def test_a_refused_message_says_why_and_writes_nothing(
        client: FlaskClient, web_core: Core, kind: str, text: str, message: str) -> None:
    code = receipt_code(submit(client))
    before = row_counts(web_core)
    response = client.post("/channel/write", data={
        "code": code, "kind": kind, "text": text, "csrf_token": form_token(client, "/channel")})
    assert response.status_code == 400
    assert message in page_text(response)
    assert 'id="write-form"' in response.get_data(as_text=True)
    after = row_counts(web_core)
    # Only the page shown again is recorded (every read of the channel is audited).
    assert {t for t in after if after[t] != before[t]} == {"audit_log"}
    assert after["audit_log"] == before["audit_log"] + 1


def test_writing_with_a_wrong_code_is_refused(client: FlaskClient, web_core: Core) -> None:
    submit(client)
    before = row_counts(web_core)
    response = client.post("/channel/write", data={
        "code": "AAAA-BBBB", "kind": "info", "text": "hello",
        "csrf_token": form_token(client, "/channel")})
    assert response.status_code == 404
    assert "We do not recognise this code." in page_text(response)
    assert row_counts(web_core) == before


def test_R_15_4_after_destruction_the_code_gets_the_ordinary_unknown_code_answer(
        client: FlaskClient, web_core: Core) -> None:
    code = receipt_code(submit(client, reporter_name="Rosa"))
    _write(client, code, "One more thing.")
    number = _number(web_core)
    key = unlock(web_core, DIRECTOR)
    decisions.move_case(web_core, number, DIRECTOR.username, key, CaseStatus.IN_HANDLING)
    decisions.move_case(web_core, number, DIRECTOR.username, key, CaseStatus.DECLINED)
    # The decline is announced and its appeal period over before it closes.
    casework_outcome.announce_decision(web_core, number, DIRECTOR.username, key)
    clock = web_core.clock
    assert isinstance(clock, FrozenClock)
    clock.now += timedelta(weeks=8, days=1)
    decisions.move_case(web_core, number, DIRECTOR.username, key, CaseStatus.CLOSED)
    assert open_channel(client, code).status_code == 200
    clock.now += timedelta(days=2 * 366 + 1)  # past the two years of
    retention.destroy(web_core, retention.due(web_core))

    response = open_channel(client, code)
    unknown = open_channel(client, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH")
    assert response.status_code == unknown.status_code == 404
    assert page_text(response) == page_text(unknown)
    assert row_counts(web_core)["reporter_message"] == row_counts(web_core)["web_receipt"] == 0
