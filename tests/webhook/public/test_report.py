"""The public report form (flow 2): named and anonymous reports, the receipt code shown once,
the emergency fast track, and refusals that leave nothing half-written."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from bvr.domain import CaseStatus, Channel, EntryKind, PartyRole
from bvr.services import casefiles
from bvr.services.core import Core
from bvr.storage.models import Case, Person
from testbed.smtp import SmtpCapture
from tests.webhook.conftest import DIRECTOR, EMERGENCY_CONTACT, form_token, unlock
from tests.webhook.public.support import (
    database_contains,
    page_text,
    receipt_code,
    row_counts,
    submit,
)


def _only_case(core: Core) -> Case:
    with core.database.transaction() as session:
        case: Case = session.scalars(select(Case)).one()
        session.expunge(case)
        return case


def test_R_7_1_named_report_is_filed_with_the_reporter_as_party(
        client: FlaskClient, web_core: Core) -> None:
    response = submit(client, what_happened="He shouted at me during the edit-a-thon.",
                      where="Edit-a-thon Utrecht", incident_on="2026-03-01",
                      reporter_name="Rosa Reporter", reporter_contact="rosa@example.org",
                      respondent_username="LoudEditor", is_victim="1")
    assert response.status_code == 200
    assert receipt_code(response)
    case = _only_case(web_core)
    assert case.channel is Channel.WEB_FORM and case.status is CaseStatus.RECEIVED
    assert not case.anonymous
    view = casefiles.open_case(web_core, case.number, DIRECTOR.username,
                               unlock(web_core, DIRECTOR))
    report = next(e.content for e in view.entries if e.kind is EntryKind.REPORT)
    assert report["what_happened"] == "He shouted at me during the edit-a-thon."
    assert report["where"] == "Edit-a-thon Utrecht"
    assert str(case.incident_on) == "2026-03-01"  # incident and report date both kept
    assert case.received_at is not None
    roles = {(p.role, p.name or p.username) for p in view.parties}
    assert (PartyRole.REPORTER, "Rosa Reporter") in roles
    assert (PartyRole.VICTIM, "Rosa Reporter") in roles
    assert (PartyRole.RESPONDENT, "LoudEditor") in roles


def test_R_7_1_a_witness_may_report(client: FlaskClient, web_core: Core) -> None:
    response = submit(client, reporter_name="Wim Witness", is_victim="0")
    assert response.status_code == 200
    view = casefiles.open_case(web_core, _only_case(web_core).number, DIRECTOR.username,
                               unlock(web_core, DIRECTOR))
    assert {p.role for p in view.parties} == {PartyRole.REPORTER}


def test_R_7_4_anonymous_report_waits_for_confirmation(
        client: FlaskClient, web_core: Core) -> None:
    response = submit(client, anonymous="1", respondent_name="Someone")
    assert response.status_code == 200
    case = _only_case(web_core)
    assert case.anonymous and case.status is CaseStatus.AWAITING_CONFIRMATION
    assert case.number is None and case.reference is not None  # no case number yet
    view = casefiles.open_case(web_core, case.address, DIRECTOR.username,
                               unlock(web_core, DIRECTOR))
    assert PartyRole.REPORTER not in {p.role for p in view.parties}


def test_R_7_4_anonymous_report_with_own_name_is_refused_and_kept_in_the_form(
        client: FlaskClient, web_core: Core) -> None:
    before = row_counts(web_core)
    response = submit(client, anonymous="1", reporter_name="Rosa Reporter",
                      what_happened="Text I do not want to type twice")
    assert response.status_code == 400
    text = page_text(response)
    assert "Your report was NOT received." in text
    assert "You chose to report anonymously but also filled in your name" in text
    assert "Text I do not want to type twice" in response.get_data(as_text=True)
    assert row_counts(web_core) == before


def test_receipt_code_is_long_random_shown_once_and_never_in_a_url(
        client: FlaskClient, web_core: Core) -> None:
    first = submit(client)
    second = submit(client)
    code, other = receipt_code(first), receipt_code(second)
    assert code != other
    assert len(re.sub("[^A-Z2-7]", "", code)) == 32  # 160 bits in base32
    body = first.get_data(as_text=True)
    assert body.count(code) == 1
    assert first.headers["Cache-Control"] == "no-store"
    assert first.location is None and code not in str(first.request.url)
    # Not in any link or form target of the page, and not stored as such.
    assert not re.search(r'(href|action|src)="[^"]*' + re.escape(code), body)
    assert not database_contains(web_core, code)
    assert not database_contains(web_core, code.replace("-", ""))
    # Opening the form again shows an empty form, not the receipt.
    assert code not in client.get("/report").get_data(as_text=True)


def test_emergency_alerts_the_emergency_contacts_at_once_without_content(
        client: FlaskClient, web_core: Core, smtp_capture: SmtpCapture) -> None:
    planted = "PLANTED-EMERGENCY-TEXT-41c9"
    response = submit(client, what_happened=f"He is following me home. {planted}",
                      emergency="1", anonymous="1")
    assert response.status_code == 200
    assert "we alerted 1 emergency contact and 2 people who handle reports" \
        in page_text(response)
    number = _only_case(web_core).address  # anonymous: its pending reference
    # Sent during the request: already there when the receipt is shown.
    alarm = [m for m in smtp_capture.messages if m["To"] == EMERGENCY_CONTACT]
    assert len(alarm) == 1
    # In the association's language (Dutch): the emergency contacts have no account here.
    assert "SPOED" in alarm[0]["Subject"] and number in alarm[0]["Subject"]
    assert {m["To"] for m in smtp_capture.messages} >= {EMERGENCY_CONTACT, DIRECTOR.email}
    for message in smtp_capture.messages:
        assert planted not in message.as_string()
        assert "following me" not in message.as_string()
    assert _only_case(web_core).emergency


def test_a_report_without_emergency_alerts_no_emergency_contact(
        client: FlaskClient, web_core: Core, smtp_capture: SmtpCapture) -> None:
    submit(client)
    # The key holders hear of it in the background (the reporter does not wait on mail).
    smtp_capture.wait_for(lambda m: DIRECTOR.email in str(m["To"]))
    assert EMERGENCY_CONTACT not in {m["To"] for m in smtp_capture.messages}


def test_emergency_report_is_kept_when_mail_is_down_and_the_page_says_call_112(
        app: object, client: FlaskClient, web_core: Core) -> None:
    from dataclasses import replace

    from bvr.config import Mail
    # A port nobody listens on: sending fails, the report must still be received.
    web_core.config = replace(web_core.config, mail=Mail(host="127.0.0.1", port=1,
                                                        sender="bvr@example.org"))
    response = submit(client, emergency="1")
    assert response.status_code == 200
    assert receipt_code(response)
    assert "we could not send the alert just now" in page_text(response)
    assert "112" in page_text(response)
    assert _only_case(web_core).emergency


@pytest.mark.parametrize(("fields", "message"), [
    ({"what_happened": "   "}, "Please describe what happened."),
    ({"what_happened": "x" * 20_001},
     "“What happened?” is 20001 characters long; at most 20000 fit."),
    ({"where": "w" * 501}, "is 501 characters long; at most 500 fit."),
    ({"incident_on": "14-03-2026"}, "The date is not valid."),
    ({"incident_on": "2026-02-30"}, "The date is not valid."),
    ({"incident_on": "2026-03-15"}, "The date lies in the future."),
    ({"reporter_contact": "c" * 201},
     "“How can we reach you? (email address or phone number)” is 201 characters long"),
])
def test_every_refused_input_gets_a_clear_error_and_nothing_is_written(
        client: FlaskClient, web_core: Core, fields: dict[str, str], message: str) -> None:
    before = row_counts(web_core)
    response = submit(client, **fields)
    assert response.status_code == 400
    text = page_text(response)
    assert "Your report was NOT received." in text and message in text
    assert 'id="report-form"' in response.get_data(as_text=True)  # fix it and send again
    assert row_counts(web_core) == before


def test_a_refused_report_in_the_core_leaves_no_receipt_behind(
        client: FlaskClient, web_core: Core) -> None:
    # Nobody can read a report yet (no officer with a key): the core refuses to file it, and
    # the receipt written first must be gone again.
    with web_core.database.transaction() as session:
        for person in session.scalars(select(Person)):
            person.public_key = None
    before = row_counts(web_core)
    response = submit(client, what_happened="Nobody can read this yet")
    assert response.status_code == 400
    assert "Your report was NOT received." in page_text(response)
    assert row_counts(web_core) == before


def test_the_form_works_without_javascript(client: FlaskClient) -> None:
    page = client.get("/report").get_data(as_text=True)
    assert "<script" not in page
    assert re.search(r'<form method="post" action="/report"', page)
    for name in ("what_happened", "anonymous", "emergency", "csrf_token"):
        assert f'name="{name}"' in page
    home = client.get("/").get_data(as_text=True)
    assert "<script" not in home and 'href="/report"' in home and 'href="/channel"' in home
    token = form_token(client)
    assert submit(client, token).status_code == 200


def test_R_7_1_the_same_form_page_sent_twice_files_one_report(
        client: FlaskClient, web_core: Core, smtp_capture: SmtpCapture) -> None:
    """A reload of the answer page, a double click or the back button sends the page again:
    one case, one code (shown the first time only), one notification."""
    page = client.get("/report").get_data(as_text=True)
    found = re.search(r'name="submission" value="([^"]+)"', page)
    assert found, "the form page carries no submission id"
    fields = {"what_happened": "Someone kept insulting me in the chat.", "emergency": "0",
              "is_victim": "0", "submission": found.group(1), "csrf_token": form_token(client)}
    first = client.post("/report", data=fields)
    code = receipt_code(first)
    smtp_capture.wait_for(lambda m: DIRECTOR.email in str(m["To"]))  # sent in the background
    mails = len(smtp_capture.sent_to(DIRECTOR.email))
    again = client.post("/report", data=fields)
    assert again.status_code == 200
    body = again.get_data(as_text=True)
    assert 'id="already-received"' in body and code not in body
    assert 'id="receipt-code"' not in body
    assert _only_case(web_core).number  # still exactly one case
    assert len(smtp_capture.sent_to(DIRECTOR.email)) == mails
    # A fresh page is a new report.
    assert receipt_code(submit(client)) != code
    with web_core.database.transaction() as session:
        assert len(session.scalars(select(Case)).all()) == 2
