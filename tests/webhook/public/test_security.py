"""Security of the public side: CSRF, rate limits, size limits, headers, escaping, nothing
stored about the reader, no form content in logs or in plain text in the database, and the
health check."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text

from bvr.services.core import Core
from tests.webhook.conftest import CLIENT_ADDRESS, CLIENT_AGENT, form_token
from tests.webhook.public.support import (
    database_contains,
    open_channel,
    page_text,
    receipt_code,
    row_counts,
    submit,
)


@pytest.mark.parametrize("token", ["", "forged-token"])
def test_a_form_without_a_valid_csrf_token_is_refused(
        client: FlaskClient, web_core: Core, token: str) -> None:
    form_token(client)  # the browser has a session, the attacker's page has not its token
    before = row_counts(web_core)
    response = client.post("/report", data={"what_happened": "forged text 5e1d",
                                            "csrf_token": token})
    assert response.status_code == 400
    text_ = page_text(response)
    assert "For your safety this form was not accepted" in text_
    assert "Your report was NOT received." in text_
    # Nothing lost (issue 13): the form comes back with the text and a fresh token.
    assert "forged text 5e1d</textarea>" in response.get_data(as_text=True)
    assert 'name="csrf_token" value="' in response.get_data(as_text=True)
    assert row_counts(web_core) == before


def test_a_csrf_token_from_another_browser_session_is_refused(
        app: Flask, client: FlaskClient, web_core: Core) -> None:
    with app.test_client() as other:
        token = form_token(other)
    assert submit(client, token=token).status_code == 400


def test_the_report_form_is_rate_limited_with_a_clear_page(
        client: FlaskClient, app: Flask, web_core: Core) -> None:
    web_core.config = replace(web_core.config,
                              web=replace(web_core.config.web, reports_per_hour=2))
    token = form_token(client)
    assert submit(client, token).status_code == 200
    assert submit(client, token).status_code == 200
    before = row_counts(web_core)
    response = submit(client, token)
    assert response.status_code == 429
    text_ = page_text(response)
    assert "Too many attempts came from your connection in a short time" in text_
    assert "Your report was NOT received." in text_
    # Nothing lost (issue 13): the typed text is shown again.
    assert "Someone kept insulting me in the chat.</textarea>" in response.get_data(
        as_text=True)
    assert row_counts(web_core) == before
    # Another reader is not held back by this one.
    with app.test_client() as other:
        other.environ_base.update(REMOTE_ADDR="198.51.100.9", HTTP_ACCEPT_LANGUAGE="en")
        assert submit(other).status_code == 200


def test_behind_a_configured_proxy_readers_are_told_apart_by_forwarded_for(
        web_core: Core, monkeypatch: pytest.MonkeyPatch) -> None:
    from webhook import create_app
    from webhook.factory import ENV_PROXY_HOPS

    monkeypatch.setenv(ENV_PROXY_HOPS, "1")
    web_core.config = replace(web_core.config,
                              web=replace(web_core.config.web, reports_per_hour=1))
    proxied = create_app(core=web_core)
    with proxied.test_client() as client:
        client.environ_base.update(REMOTE_ADDR="10.0.0.1")  # the proxy, for everyone
        one = {"X-Forwarded-For": "192.0.2.1"}
        two = {"X-Forwarded-For": "192.0.2.2"}
        assert submit(client, headers=one).status_code == 200
        assert submit(client, headers=two).status_code == 200
        assert submit(client, headers=one).status_code == 429


def test_the_channel_is_rate_limited(client: FlaskClient, web_core: Core) -> None:
    web_core.config = replace(web_core.config,
                              web=replace(web_core.config.web, channel_per_hour=3))
    for _ in range(3):
        assert open_channel(client, "WRONG-CODE").status_code == 404
    response = open_channel(client, "WRONG-CODE")
    assert response.status_code == 429
    assert "Too many attempts" in page_text(response)


def test_a_post_over_the_size_limit_comes_back_with_its_text_and_count(
        client: FlaskClient, web_core: Core) -> None:
    """Issue 13: a paste larger than `max_form_kb` is still read (up to RESCUE_FACTOR times
    it), refused with the count, and shown again: nothing cut, nothing lost."""
    before = row_counts(web_core)
    size = web_core.config.web.max_form_kb * 1024 + 1
    response = submit(client, what_happened="x" * size)
    assert response.status_code == 400
    text_ = page_text(response)
    assert f"is {size} characters long; at most 20000 fit" in text_
    assert "Your report was NOT received." in text_
    assert "x" * size + "</textarea>" in response.get_data(as_text=True)
    assert row_counts(web_core) == before


def test_a_request_too_large_to_read_is_refused_with_a_clear_page(
        client: FlaskClient, web_core: Core) -> None:
    from webhook.public import RESCUE_FACTOR

    before = row_counts(web_core)
    size = web_core.config.web.max_form_kb * 1024 * RESCUE_FACTOR + 1
    response = submit(client, what_happened="x" * size)
    assert response.status_code == 413
    text_ = page_text(response)
    assert "too large to be read" in text_ and "Back button" in text_
    assert "Your report was NOT received." in text_
    assert 'id="report-form"' in response.get_data(as_text=True)
    assert row_counts(web_core) == before


def test_security_headers_on_every_response(client: FlaskClient) -> None:
    responses = [client.get(path) for path in ("/", "/report", "/channel", "/no-such-page",
                                               "/healthz", "/static/style.css")]
    responses += [submit(client), client.post("/report", data={})]  # a receipt, a refusal
    for response in responses:
        headers = response.headers
        csp = headers["Content-Security-Policy"]
        assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert "script-src" not in csp  # no script may run at all
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "no-referrer"
        assert headers["X-Content-Type-Options"] == "nosniff"
        response.close()  # the static file is streamed from an open file


HOSTILE = '"><script>alert(1)</script><img src=x onerror=alert(2)>'


def test_hostile_input_is_escaped_when_the_form_comes_back(
        client: FlaskClient, web_core: Core) -> None:
    response = submit(client, what_happened=HOSTILE, where=HOSTILE, reporter_name=HOSTILE,
                      incident_on="not a date")
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "<script>" not in body and "<img src=x" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert 'value="&#34;&gt;&lt;script&gt;' in body  # the attribute cannot be closed


def test_hostile_input_is_escaped_in_the_channel(client: FlaskClient, web_core: Core) -> None:
    code = receipt_code(submit(client))
    response = client.post("/channel/write", data={
        "code": code, "kind": "info", "text": HOSTILE,
        "csrf_token": form_token(client, "/channel")})
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "<script>" not in body and "<img src=x" not in body
    assert "&lt;script&gt;" in body
    # A hostile code is not echoed raw either.
    wrong = open_channel(client, HOSTILE).get_data(as_text=True)
    assert "<script>" not in wrong


def test_no_ip_address_or_user_agent_is_stored(client: FlaskClient, web_core: Core) -> None:
    code = receipt_code(submit(client, reporter_name="Rosa"))
    receipt_code(submit(client, anonymous="1", emergency="1"))
    assert client.post("/channel/write", data={
        "code": code, "kind": "info", "text": "more",
        "csrf_token": form_token(client, "/channel")}).status_code == 200
    assert not database_contains(web_core, CLIENT_ADDRESS)
    assert not database_contains(web_core, CLIENT_AGENT)
    assert not database_contains(web_core, "bvr-ua-3f7c1d")


def test_report_text_names_and_messages_are_never_stored_in_plain_text(
        client: FlaskClient, web_core: Core) -> None:
    planted = {"what_happened": "PLANTED-REPORT-TEXT-8d2e", "where": "PLANTED-PLACE-51ab",
               "reporter_name": "PLANTED-REPORTER-NAME-c0de",
               "reporter_contact": "planted-contact-77@example.org",
               "respondent_name": "PLANTED-RESPONDENT-a1b2",
               "respondent_username": "PlantedUser9f0e"}
    code = receipt_code(submit(client, **planted))
    message = "PLANTED-CHANNEL-MESSAGE-e4e4"
    assert client.post("/channel/write", data={
        "code": code, "kind": "info", "text": message,
        "csrf_token": form_token(client, "/channel")}).status_code == 200
    for value in (*planted.values(), message):
        assert not database_contains(web_core, value), value


def test_logs_carry_no_form_content(client: FlaskClient, web_core: Core,
                                    caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    planted = "PLANTED-LOG-CANARY-5a5a"
    code = receipt_code(submit(client, what_happened=planted, reporter_name=planted,
                               emergency="1"))
    submit(client, what_happened=planted, incident_on="bad date")  # refused
    client.post("/channel/write", data={"code": code, "kind": "info", "text": planted,
                                        "csrf_token": form_token(client, "/channel")})
    client.post("/report", data={"what_happened": planted})  # CSRF refusal
    assert caplog.records  # the app did log (a filed report, for one)
    for record in caplog.records:
        line = record.getMessage()
        for secret in (planted, code, CLIENT_ADDRESS, CLIENT_AGENT):
            assert secret not in line, (record.name, line)


def test_an_unexpected_error_says_the_report_was_not_received_and_logs_no_content(
        client: FlaskClient, web_core: Core, caplog: pytest.LogCaptureFixture) -> None:
    planted = "PLANTED-CRASH-CANARY-9b9b"
    token = form_token(client)
    web_core.database.engine.dispose()
    real = web_core.database.transaction

    def broken() -> object:
        raise RuntimeError(f"database exploded while holding {planted}")

    web_core.database.transaction = broken  # type: ignore[method-assign]
    try:
        response = submit(client, token, what_happened=planted)
    finally:
        web_core.database.transaction = real  # type: ignore[method-assign]
    assert response.status_code == 500
    assert "Your report was NOT received." in page_text(response)
    assert "RuntimeError" in caplog.text  # enough for the operator to look for the bug
    assert planted not in caplog.text


def test_healthz_answers_200_while_the_database_is_there(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


def test_healthz_answers_503_when_the_database_is_gone(
        client: FlaskClient, web_core: Core) -> None:
    engine = web_core.database.engine
    if engine.url.get_backend_name() == "sqlite":
        engine.dispose()
        assert engine.url.database
        for suffix in ("", "-wal", "-shm"):
            Path(engine.url.database + suffix).unlink(missing_ok=True)
    else:
        with engine.begin() as connection:
            connection.execute(text(f"DROP DATABASE `{engine.url.database}`"))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "database unavailable"}
