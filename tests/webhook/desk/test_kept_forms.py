"""Issue 13, no lost work on the desk: a form sent after the session ended (idle, absolute
lifetime, or the cookie gone so the CSRF token no longer matches) is kept sealed in server
memory, its key in the browser's cookie, and shown again after login to be sent with one
click. The text never goes into a URL, a log or the cookie."""

from __future__ import annotations

import html
import logging
import re

import pytest
from sqlalchemy import select

from bvr.i18n import translate
from bvr.storage.models import Case
from tests.webhook.desk.conftest import PASSPHRASE, PASSWORD, Desk, DeskClient, flashes

NOTE = "A hearing note typed at length, 9c41: she said the chat messages started in May."
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def _relogin(browser: DeskClient) -> str:
    """Log in and unlock again on the same browser; where unlocking leads."""
    browser.post("/desk/login", {"username": "Dora", "password": PASSWORD})
    answer = browser.post("/desk/unlock", {"passphrase": PASSPHRASE})
    assert answer.status_code == 302
    return answer.headers["Location"]


def _send_again(browser: DeskClient, page: str) -> tuple[str, dict[str, str]]:
    """The resume page's form as a browser would send it."""
    action = re.search(r'<form method="post" action="([^"]+)" id="resume-form">', page)
    assert action is not None
    fields = {html.unescape(n): html.unescape(v) for n, v in re.findall(
        r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page)}
    fields.update({html.unescape(n): html.unescape(v) for n, v in re.findall(
        r'<textarea id="kept-\d+" name="([^"]+)" rows="8">(.*?)</textarea>', page, re.S)})
    return action.group(1), fields


def _cases(desk: Desk) -> int:
    with desk.core.database.transaction() as session:
        return len(session.scalars(select(Case)).all())


def test_a_form_sent_after_the_idle_timeout_is_kept_and_sent_after_login(
        desk: Desk, caplog: pytest.LogCaptureFixture) -> None:
    dora = desk.login("Dora")
    page = dora.get("/desk/report").get_data(as_text=True)
    token = re.search(r'name="token" value="([^"]+)"', page)
    assert token
    desk.clock.advance(minutes=desk.core.config.web.session_minutes + 1)
    before = _cases(desk)
    with caplog.at_level(logging.DEBUG):
        answer = dora.post("/desk/report", {"channel": "oral", "what_happened": NOTE,
                                            "token": token.group(1)})
    assert answer.status_code == 302
    location = answer.headers["Location"]
    assert "/desk/login" in location and "9c41" not in location
    assert translate("web-session-kept", "en") in flashes(dora.get(location))
    assert _cases(desk) == before  # not filed behind the person's back
    cookie = dora.client.get_cookie("bvr_session")
    assert cookie is not None and "9c41" not in cookie.value
    assert all("9c41" not in r.getMessage() for r in caplog.records)

    assert _relogin(dora) == "/desk/resume"
    resume = dora.get("/desk/resume").get_data(as_text=True)
    assert html.escape(NOTE, quote=False) in resume
    action, fields = _send_again(dora, resume)
    assert action == "/desk/report" and fields["what_happened"] == NOTE
    sent = dora.client.post(action, data=fields)
    assert sent.status_code == 303
    assert _cases(desk) == before + 1
    # Taken once: the kept form is gone.
    assert dora.get("/desk/resume").status_code == 302


def test_a_form_whose_cookie_expired_is_kept_through_the_csrf_refusal(desk: Desk) -> None:
    dora = desk.login("Dora")
    page = dora.get("/desk/report").get_data(as_text=True)
    stale = _TOKEN.search(page)
    assert stale
    # The browser dropped the expired cookie: the token it sends matches nothing.
    dora.client.delete_cookie("bvr_session")
    answer = dora.client.post("/desk/report", data={
        "csrf_token": stale.group(1), "channel": "oral", "what_happened": NOTE})
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/desk/login")
    assert translate("web-session-kept", "en") in flashes(dora.get("/desk/login"))
    assert _relogin(dora) == "/desk/resume"
    assert html.escape(NOTE, quote=False) in dora.get("/desk/resume").get_data(as_text=True)


def test_a_kept_form_opens_only_with_its_cookie(desk: Desk) -> None:
    from webhook.auth.pending import PendingForms, Ticket

    store = PendingForms()
    ticket = store.keep("/desk/report", [("what_happened", NOTE)])
    assert NOTE.encode() not in b"".join(sealed for _, sealed in store._kept.values())
    assert store.take(Ticket(ticket.id, "00" * 32)) is None  # a wrong key opens nothing
    ticket = store.keep("/desk/report", [("what_happened", NOTE)])
    kept = store.take(ticket)
    assert kept is not None and kept.fields == (("what_happened", NOTE),)
    assert store.take(ticket) is None and len(store) == 0
