"""Issue 13, the reporter's side: the emergency question first with the configured numbers,
an alert that says where (never what), a receipt that says what happens next, an email to a
named reporter when a handler writes, a channel that keeps its session and the typed text
across a language switch, appeal offers that follow the rules, and no typed text lost on a
refusal. Each test reproduces a finding of the walk-through."""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from datetime import date

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from bvr.domain import Category, EntryKind, PartyRole, Role
from bvr.services import (
    casefiles,
    casework,
    casework_desk,
    casework_outcome,
    people,
    register,
)
from bvr.services.core import Core
from bvr.storage.models import Case
from testbed.smtp import SmtpCapture
from tests.conftest import FrozenClock
from tests.services.helpers import board_decides_appeal
from tests.webhook.conftest import BOARD_BVR, DIRECTOR, EMERGENCY_CONTACT, form_token, unlock
from tests.webhook.public.support import (
    open_channel,
    page_text,
    receipt_code,
    row_counts,
    submit,
)


def _number(core: Core) -> str:
    with core.database.transaction() as session:
        number: str = session.scalars(select(Case.number)).one()
        return number


def _take_into_handling(core: Core) -> str:
    number = _number(core)
    casework.triage(core, number, DIRECTOR.username, unlock(core, DIRECTOR), casework.Triage(
        category=Category.HARASSMENT, violation=False, immediate_action=False,
        regular_way=True, take_into_handling=True))
    return number


# --- emergency ---------------------------------------------------------------------------

def test_the_form_asks_first_about_danger_and_shows_the_configured_numbers(
        client: FlaskClient, web_core: Core) -> None:
    web_core.config = replace(web_core.config, emergency_numbers=(
        "112", "Vertrouwenspersoon: +31 6 1234 5678"))
    body = client.get("/report").get_data(as_text=True)
    form = body[body.index('id="report-form"'):]
    # The danger question is the form's first question, before what happened.
    assert form.index('name="emergency"') < form.index('name="what_happened"')
    assert "Is someone in danger right now?" in page_text(client.get("/report"))
    assert "Vertrouwenspersoon: +31 6 1234 5678" in body
    assert "Vertrouwenspersoon: +31 6 1234 5678" in client.get("/").get_data(as_text=True)
    # No default: neither answer is checked.
    assert not re.search(r'name="emergency"[^>]*checked', body)


def test_an_unanswered_danger_question_is_refused_with_the_text_kept(
        client: FlaskClient, web_core: Core) -> None:
    before = row_counts(web_core)
    response = client.post("/report", data={
        "what_happened": "Kept text 81ac", "is_victim": "1", "csrf_token": form_token(client)})
    assert response.status_code == 400
    assert "Please answer the first question" in page_text(response)
    assert "Kept text 81ac</textarea>" in response.get_data(as_text=True)
    assert row_counts(web_core) == before


def test_the_alert_names_event_place_and_desk_link_never_the_text(
        client: FlaskClient, web_core: Core, smtp_capture: SmtpCapture,
        clock: FrozenClock, caplog: pytest.LogCaptureFixture) -> None:
    today = clock().date()
    event = register.add_event(web_core, "Wikidag Utrecht", today, today)
    planted = "PLANTED-ALERT-TEXT-77d1"
    with caplog.at_level(logging.INFO):
        response = submit(client, what_happened=f"He threatens people. {planted}",
                          emergency="1", where="Zaal 3, Jaarbeurs", event=str(event))
    assert response.status_code == 200
    number = _number(web_core)
    alarm = [m for m in smtp_capture.messages if m["To"] == EMERGENCY_CONTACT]
    assert len(alarm) == 1
    body = alarm[0].get_content()
    assert "Wikidag Utrecht" in body and "Zaal 3, Jaarbeurs" in body
    assert f"{web_core.config.web.public_url}/desk/case/{number}" in body
    assert planted not in alarm[0].as_string() and "threatens" not in alarm[0].as_string()
    # The attempt is logged, with counts, never addresses or content.
    lines = [r.getMessage() for r in caplog.records if "emergency alert" in r.getMessage()]
    assert lines == [f"emergency alert for {number} sent: 1 emergency contacts, 2 key holders"]
    ours = [r.getMessage() for r in caplog.records if r.name.split(".")[0] in {"bvr", "webhook"}]
    assert ours and all(planted not in m and EMERGENCY_CONTACT not in m for m in ours), ours
    # The receipt says who was alerted.
    assert "we alerted 1 emergency contact and 2 people who handle reports" \
        in page_text(response)
    with web_core.database.transaction() as session:
        assert session.scalars(select(Case.event_id)).one() == event


def test_without_emergency_contacts_the_receipt_and_the_log_say_so(
        client: FlaskClient, web_core: Core, caplog: pytest.LogCaptureFixture) -> None:
    web_core.config = replace(web_core.config, emergency_contacts=())
    with caplog.at_level(logging.INFO):
        response = submit(client, emergency="1")
    text = page_text(response)
    assert "No emergency contacts are set up here" in text and "112" in text
    assert any("no emergency contacts configured" in r.getMessage() for r in caplog.records)


def test_empty_emergency_contacts_is_a_config_check_error_and_a_serve_warning(
        tmp_path: object, caplog: pytest.LogCaptureFixture) -> None:
    from pathlib import Path

    from click.testing import CliRunner

    from bvr.cli import main
    from bvr.config import Config
    from webhook.cli import warn_about_configuration

    folder = Path(str(tmp_path))
    empty = folder / "empty.toml"
    empty.write_text('language = "en"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["--config", str(empty), "config", "check"])
    assert result.exit_code == 1
    assert "No emergency contacts are set" in result.output
    good = folder / "good.toml"
    good.write_text('language = "en"\nemergency_contacts = ["alarm@example.org"]\n',
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["--config", str(good), "config", "check"])
    assert result.exit_code == 0, result.output
    with caplog.at_level(logging.WARNING):
        warn_about_configuration(Config(language="en"))
    assert [r.levelno for r in caplog.records] == [logging.WARNING]
    assert "No emergency contacts are set" in caplog.records[0].getMessage()


def test_emergency_reports_have_their_own_higher_limit(
        client: FlaskClient, web_core: Core) -> None:
    web_core.config = replace(web_core.config, web=replace(
        web_core.config.web, reports_per_hour=1, emergency_reports_per_hour=3))
    assert submit(client).status_code == 200
    assert submit(client).status_code == 429
    for _ in range(3):
        assert submit(client, emergency="1").status_code == 200
    refused = submit(client, emergency="1", what_happened="Still kept 0c2e")
    assert refused.status_code == 429
    assert "Still kept 0c2e</textarea>" in refused.get_data(as_text=True)


# --- the receipt -------------------------------------------------------------------------

def test_the_receipt_says_number_readers_next_steps_timeline_and_policy(
        client: FlaskClient, web_core: Core, clock: FrozenClock) -> None:
    response = submit(client, reporter_name="Rosa Reporter",
                      reporter_contact="rosa@example.org", is_victim="1")
    text = page_text(response)
    body = response.get_data(as_text=True)
    assert f"Your case number: {_number(web_core)}" in text
    assert "The director of Wikimedia Nederland and the board member responsible" in text
    assert "What happens next" in text
    # one month from 14 March 2026 (the test clock).
    assert "within 1 month of receiving your report: by 2026-04-14" in text
    assert f'href="{web_core.config.web.policy_url}"' in body
    # A named reporter with an email address is not told "we do not know who you are"...
    assert "we do not know who you are" not in text
    assert "we send an email to the address you gave" in text
    # ...an anonymous one is, and hears about confirmation first.
    anonymous = page_text(submit(client, anonymous="1"))
    assert "we do not know who you are" in anonymous
    assert "We first look for confirmation" in anonymous
    # Unnamed but not anonymous: no confirmation step (it is not waiting for one).
    unnamed = page_text(submit(client))
    assert "we do not know who you are" in unnamed
    assert "We first look for confirmation" not in unnamed


@pytest.mark.parametrize(("lang", "heading"), [("nl", "Wat er nu gebeurt"),
                                               ("sv", "Vad som händer nu")])
def test_the_receipt_speaks_the_readers_language(client: FlaskClient, web_core: Core,
                                                 lang: str, heading: str) -> None:
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = lang
    text = page_text(submit(client, reporter_name="Rosa", reporter_contact="rosa@example.org"))
    assert heading in text and "{" not in text and "web-receipt" not in text


# --- the channel -------------------------------------------------------------------------

def test_the_channel_says_what_happens_next_in_the_associations_time(
        client: FlaskClient, web_core: Core, clock: FrozenClock) -> None:
    code = receipt_code(submit(client))
    text = page_text(open_channel(client, code))
    assert "looked at soon" not in text
    assert "decides whether it is taken into handling" in text
    assert "We aim to finish the investigation by 2026-04-14." in text
    number = _take_into_handling(web_core)
    casework.message_reporter(web_core, number, DIRECTOR.username, unlock(web_core, DIRECTOR),
                              text="Can you tell us more?", kind="question")
    body = open_channel(client, code).get_data(as_text=True)
    # 10:00 UTC on 14 March is 11:00 in Amsterdam (CET).
    assert "2026-03-14 11:00" in body and "UTC" not in body


def test_a_named_reporter_is_emailed_without_content_when_a_handler_writes(
        client: FlaskClient, web_core: Core, smtp_capture: SmtpCapture) -> None:
    submit(client, reporter_name="Rosa", reporter_contact="rosa@example.org", is_victim="1")
    number = _take_into_handling(web_core)
    smtp_capture.clear()
    casework.message_reporter(web_core, number, DIRECTOR.username, unlock(web_core, DIRECTOR),
                              text="PLANTED-QUESTION-3b7e: when did it start?",
                              kind="question")
    mails = smtp_capture.sent_to("rosa@example.org")
    assert len(mails) == 1
    raw = mails[0].as_string()
    assert "PLANTED-QUESTION-3b7e" not in raw and "when did it start" not in raw
    assert number in str(mails[0]["Subject"])
    assert f"{web_core.config.web.public_url}/channel" in mails[0].get_content()
    # A reporter without an email address gets none (and nothing breaks).
    smtp_capture.clear()
    casework.message_reporter(web_core, number, DIRECTOR.username, unlock(web_core, DIRECTOR),
                              text="Another question", kind="question")
    assert len(smtp_capture.sent_to("rosa@example.org")) == 1


def test_the_language_switch_keeps_the_channel_open_and_the_draft(
        client: FlaskClient, web_core: Core) -> None:
    code = receipt_code(submit(client))
    page = open_channel(client, code).get_data(as_text=True)
    assert 'formaction="/channel/language"' in page and 'form="write-form"' in page
    answer = client.post("/channel/language", data={
        "code": code, "text": "Half a message 4d2a", "kind": "info", "language": "sv",
        "csrf_token": form_token(client, "/channel")})
    assert answer.status_code == 200
    body = answer.get_data(as_text=True)
    assert '<html lang="sv" dir="ltr">' in body and "<h1>Följ din anmälan</h1>" in body
    assert 'id="messages"' in body  # still open: no code typed again
    assert "Half a message 4d2a</textarea>" in body
    assert '<option value="info" selected>' in body
    assert code not in answer.headers.get("Location", "")


def test_a_refused_channel_message_comes_back_with_its_text(
        client: FlaskClient, web_core: Core) -> None:
    code = receipt_code(submit(client))
    long = "y" * 20_001
    response = client.post("/channel/write", data={
        "code": code, "kind": "info", "text": long,
        "csrf_token": form_token(client, "/channel")})
    assert response.status_code == 400
    assert "20001 characters long" in page_text(response)
    assert long + "</textarea>" in response.get_data(as_text=True)
    # An expired token: the message form comes back with the text and the code.
    expired = client.post("/channel/write", data={
        "code": code, "kind": "answer", "text": "Kept answer 19fe", "csrf_token": "old"})
    assert expired.status_code == 400
    body = expired.get_data(as_text=True)
    assert "Kept answer 19fe</textarea>" in body and f'value="{code}"' in body
    assert "For your safety this form was not accepted" in page_text(expired)
    web_core.config = replace(web_core.config,
                              web=replace(web_core.config.web, channel_per_hour=0))
    limited = client.post("/channel/write", data={
        "code": code, "kind": "answer", "text": "Kept answer 7aa0",
        "csrf_token": form_token(client, "/channel")})
    assert limited.status_code == 429
    assert "Kept answer 7aa0</textarea>" in limited.get_data(as_text=True)


def test_R_16_3_appeal_offers_follow_the_case(
        client: FlaskClient, web_core: Core, clock: FrozenClock) -> None:
    code = receipt_code(submit(client, reporter_name="Rosa"))
    before = open_channel(client, code).get_data(as_text=True)
    assert 'value="appeal"' not in before and "8 weeks" not in before  # nothing decided
    number = _take_into_handling(web_core)
    key = unlock(web_core, DIRECTOR)
    casework_outcome.decide_without_sanction(web_core, number, DIRECTOR.username, key,
                                             reasoning="No violation found.")
    casework_outcome.announce_decision(web_core, number, DIRECTOR.username, key)
    text = page_text(open_channel(client, code))
    assert "You may appeal against the decision until 2026-05-09" in text  # 8 weeks on
    clock.advance(weeks=9)
    late = open_channel(client, code).get_data(as_text=True)
    assert 'id="appeal-offer"' not in late and 'value="appeal"' not in late


def test_R_16_2_no_appeal_offered_after_the_final_appeal_decision(
        client: FlaskClient, web_core: Core) -> None:
    # the board decides the appeal as a body, so it needs a second uninvolved member.
    people.add_person(web_core, "Bob", (Role.BOARD,))
    people.set_passphrase(web_core, "Bob", "bob's vault passphrase")
    code = receipt_code(submit(client, reporter_name="Rosa"))
    number = _take_into_handling(web_core)
    key = unlock(web_core, DIRECTOR)
    casework_outcome.decide_without_sanction(web_core, number, DIRECTOR.username, key,
                                             reasoning="No violation found.")
    casework_outcome.announce_decision(web_core, number, DIRECTOR.username, key)
    assert "appeal" in page_text(open_channel(client, code)).lower()
    casework_outcome.file_appeal(web_core, number, DIRECTOR.username, key,
                                 appellant_role=PartyRole.REPORTER)
    pending = open_channel(client, code).get_data(as_text=True)
    assert 'value="appeal"' not in pending  # one appeal at a time
    board_decides_appeal(web_core, number, [
        (BOARD_BVR.username, unlock(web_core, BOARD_BVR)),
        ("Bob", people.unlock(web_core, "Bob", "bob's vault passphrase"))],
        upheld=False, reasoning="The decision stands.")
    casework_outcome.announce_decision(web_core, number, BOARD_BVR.username,
                                       unlock(web_core, BOARD_BVR))
    final = open_channel(client, code)
    body = final.get_data(as_text=True)
    assert 'value="appeal"' not in body and 'id="appeal-offer"' not in body
    assert "This decision is final within the association" in page_text(final)


def test_more_information_arrives_on_the_desk_as_the_reporters(
        client: FlaskClient, web_core: Core) -> None:
    code = receipt_code(submit(client))
    client.post("/channel/write", data={"code": code, "kind": "info", "text": "He did it again.",
                                        "csrf_token": form_token(client, "/channel")})
    # The desk's case page adopts the reporter's messages into the file.
    casework_desk.case_page(web_core, _number(web_core), DIRECTOR.username,
                            unlock(web_core, DIRECTOR))
    view = casefiles.open_case(web_core, _number(web_core), DIRECTOR.username,
                               unlock(web_core, DIRECTOR))
    adopted = [e.content for e in view.entries if e.kind is EntryKind.CORRESPONDENCE]
    assert adopted == [{"from": "reporter", "kind": "more_info", "text": "He did it again."}]


# --- did this happen to you? -------------------------------------------------------------

def test_R_13_3_did_this_happen_to_you_has_no_default(
        client: FlaskClient, web_core: Core) -> None:
    body = client.get("/report").get_data(as_text=True)
    assert not re.search(r'name="is_victim"[^>]*checked', body)
    before = row_counts(web_core)
    response = client.post("/report", data={
        "what_happened": "It happened to me 2c4f", "emergency": "0",
        "csrf_token": form_token(client)})
    assert response.status_code == 400
    assert "Please say whether this happened to you" in page_text(response)
    assert "It happened to me 2c4f</textarea>" in response.get_data(as_text=True)
    assert row_counts(web_core) == before


def test_no_maxlength_cuts_a_paste_on_the_public_forms(client: FlaskClient,
                                                       web_core: Core) -> None:
    code = receipt_code(submit(client))
    pages = [client.get("/report").get_data(as_text=True),
             open_channel(client, code).get_data(as_text=True)]
    for page in pages:
        fields = re.findall(r"<(?:textarea|input)[^>]*>", page)
        typed = [f for f in fields if 'type="hidden"' not in f and 'name="code"' not in f]
        assert typed and not [f for f in typed if "maxlength" in f]


def test_events_offered_are_recent_ones(client: FlaskClient, web_core: Core,
                                        clock: FrozenClock) -> None:
    today = clock().date()
    register.add_event(web_core, "Old meetup", date(2025, 1, 1), date(2025, 1, 1))
    register.add_event(web_core, "This week", today, today)
    page = client.get("/report").get_data(as_text=True)
    assert "This week" in page and "Old meetup" not in page


def test_a_forged_event_is_refused(client: FlaskClient, web_core: Core) -> None:
    response = submit(client, event="999")
    assert response.status_code == 400
    assert "Choose an event from the list." in page_text(response)
