"""Reporting regardless of language (movement text): Dutch, English and Swedish from the
browser's Accept-Language, switchable and remembered, errors in the reader's language."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from bvr.services.core import Core
from bvr.storage.models import Case
from tests.webhook.conftest import form_token
from tests.webhook.public.support import open_channel, page_text, receipt_code, submit


def test_language_comes_from_the_browser(client: FlaskClient) -> None:
    for accept, lang, heading in [
        ("nl-NL,nl;q=0.9", "nl", "Een melding doen"),
        ("sv-SE,sv;q=0.9,en;q=0.5", "sv", "Gör en anmälan"),
        ("en-GB,en;q=0.9", "en", "Make a report"),
        ("de-DE,sv;q=0.3", "sv", "Gör en anmälan"),  # the best of ours that is asked for
        ("fr-FR,de;q=0.8", "nl", "Een melding doen"),  # none of ours: the association's
    ]:
        page = client.get("/report", headers={"Accept-Language": accept})
        body = page.get_data(as_text=True)
        assert f'<html lang="{lang}" dir="ltr">' in body, accept
        assert f"<h1>{heading}</h1>" in body, accept


def test_language_is_switchable_and_remembered(client: FlaskClient) -> None:
    # A page without a form has links (the form pages have buttons: see below).
    first = client.get("/channel").get_data(as_text=True)
    links = dict(re.findall(r'<a href="([^"]+)" lang="(nl|en|sv)"', first))
    assert set(links.values()) == {"nl", "en", "sv"}
    swedish = next(href for href, lang in links.items() if lang == "sv")
    assert swedish == "/channel?uselang=sv"  # the same page, in Swedish
    assert "<h1>Följ din anmälan</h1>" in client.get(swedish).get_data(as_text=True)
    assert "<h1>Gör en anmälan</h1>" in client.get("/report").get_data(as_text=True)
    # Remembered for the next pages, over the browser's own preference.
    assert '<html lang="sv" dir="ltr">' in client.get("/").get_data(as_text=True)
    assert "<h1>Följ din anmälan</h1>" in client.get("/channel").get_data(as_text=True)


def test_an_unknown_language_is_ignored(client: FlaskClient) -> None:
    response = client.get("/report?uselang=xx")
    assert '<html lang="en" dir="ltr">' in response.get_data(as_text=True)
    assert "lang=" not in response.headers.get("Set-Cookie", "")


@pytest.mark.parametrize(("lang", "not_received", "empty"), [
    ("nl", "Uw melding is NIET ontvangen.", "Beschrijf wat er is gebeurd."),
    ("sv", "Din anmälan har INTE tagits emot.", "Beskriv vad som hände."),
    ("en", "Your report was NOT received.", "Please describe what happened."),
])
def test_errors_come_in_the_readers_language(client: FlaskClient, web_core: Core, lang: str,
                                             not_received: str, empty: str) -> None:
    headers = {"Accept-Language": lang}
    token = form_token(client)
    response = client.post("/report", data={"csrf_token": token, "what_happened": ""},
                           headers=headers)
    assert response.status_code == 400
    assert not_received in page_text(response) and empty in page_text(response)
    refused = client.post("/report", data={"what_happened": "x"}, headers=headers)
    assert refused.status_code == 400 and not_received in page_text(refused)


def test_swedish_anonymous_report_and_channel(client: FlaskClient, web_core: Core) -> None:
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "sv"
    response = submit(client, anonymous="1", what_happened="Någon hotade mig på mötet.")
    assert "Din anmälan har tagits emot" in page_text(response)
    text = page_text(open_channel(client, receipt_code(response)))
    assert "Väntar på bekräftelse" in text


def test_language_links_on_an_answer_to_a_post_lead_to_a_page_that_exists(
        client: FlaskClient, web_core: Core) -> None:
    code = receipt_code(submit(client))
    page = client.post("/channel/write", data={
        "code": code, "kind": "info", "text": "more", "csrf_token": form_token(client, "/channel")})
    links = re.findall(r'<a href="([^"]+)" lang="(?:nl|en|sv)"', page.get_data(as_text=True))
    assert links and all(code not in link for link in links)
    for link in links:
        assert client.get(link).status_code == 200, link


def test_the_association_language_is_the_default(app: Flask) -> None:
    with app.test_client() as bare:
        body = bare.get("/").get_data(as_text=True)
    assert '<html lang="nl" dir="ltr">' in body and "Ongewenst gedrag melden" in body


def test_switching_language_on_the_form_keeps_what_was_typed(
        client: FlaskClient, web_core: Core) -> None:
    page = client.get("/report", headers={"Accept-Language": "nl"}).get_data(as_text=True)
    assert 'formaction="/report/language"' in page and 'value="sv"' in page
    typed = {"what_happened": "Iemand <b>schold</b> mij uit", "where": "Edit-a-thon",
             "reporter_name": "Rosa", "anonymous": "", "language": "sv",
             "csrf_token": form_token(client)}
    answer = client.post("/report/language", data=typed)
    assert answer.status_code == 200
    body = answer.get_data(as_text=True)
    assert "<h1>Gör en anmälan</h1>" in body and '<html lang="sv" dir="ltr">' in body
    assert "Iemand &lt;b&gt;schold&lt;/b&gt; mij uit</textarea>" in body
    assert 'value="Edit-a-thon"' in body and 'value="Rosa"' in body
    assert "receipt-code" not in body and "not-received" not in body
    with web_core.database.transaction() as session:  # nothing was filed
        assert session.scalars(select(Case)).first() is None
    assert '<html lang="sv" dir="ltr">' in client.get("/").get_data(as_text=True)  # remembered
    refused = client.post("/report/language", data={**typed, "language": "de"})
    assert refused.status_code == 400


def test_enter_in_a_field_still_sends_the_report(client: FlaskClient) -> None:
    """Browsers submit a form on Enter with its first submit button: that must be the
    report's own, not a language button."""
    page = client.get("/report").get_data(as_text=True)
    # The header's language buttons belong to the form and come before it in the page: the
    # first of the form's buttons is an off-screen copy of the report's own.
    buttons = re.findall(r'<button type="submit"[^>]*>', page)
    first = next(b for b in buttons if 'form="report-form"' in b or "formaction" not in b)
    assert 'form="report-form"' in first and "formaction" not in first
    assert 'name="language"' not in first
