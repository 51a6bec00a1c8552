"""Logging in to the case desk (issue 4): local accounts and Wikimedia OAuth 2.0, then the
vault passphrase unlocks the person's key for the session only; sessions time out on the
clock; a revoked role or a logout ends the session at once (R-2.1, R-15.2)."""

from __future__ import annotations

import base64
import json
import zlib
from dataclasses import replace

import pytest
import requests
from sqlalchemy import select

from bvr.config import ENV_OAUTH_CLIENT_ID, ENV_OAUTH_CLIENT_SECRET
from bvr.domain import Role
from bvr.i18n import translate
from bvr.services import casework_accounts, people
from bvr.storage.models import AuditRecord
from bvr.storage.models_web import OAuthIdentity
from tests.webhook.desk import scenario
from tests.webhook.desk.conftest import PASSPHRASE, PASSWORD, Desk, DeskClient, flashes
from tests.webhook.desk.oauth_standin import OAuthStandIn
from webhook import create_app
from webhook.state import WebState


def _cookie_session(client: DeskClient) -> dict[str, object]:
    """What the browser's session cookie holds (signed by Flask, not encrypted)."""
    cookie = client.client.get_cookie("bvr_session")
    assert cookie is not None
    payload = cookie.value.split(".")[1 if cookie.value.startswith(".") else 0]
    raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    if cookie.value.startswith("."):
        raw = zlib.decompress(raw)
    found: dict[str, object] = json.loads(raw)
    return found


def _actions(desk: Desk) -> list[str]:
    with desk.core.database.transaction() as session:
        return list(session.scalars(select(AuditRecord.action).order_by(AuditRecord.id)))


def test_R_15_2_local_login_then_the_passphrase_unlocks_the_key_for_the_session(
        desk: Desk) -> None:
    number = scenario.in_handling(desk)
    people.add_person(desk.core, "Olga", (), email="olga@example.org")  # holds no role
    casework_accounts.set_local_password(desk.core, "Olga", PASSWORD)
    browser = desk.client()

    # A desk page without login leads to the login page, remembering where it was going.
    answer = browser.get(f"/desk/case/{number}")
    assert answer.status_code == 302 and "/desk/login" in answer.headers["Location"]
    assert browser.get(answer.headers["Location"]).status_code == 200
    assert 'id="login-form"' in browser.get("/desk/login?uselang=nl").get_data(as_text=True)

    # A failed login says the same whatever was wrong (in the reader's language).
    failed = translate("web-login-failed", "nl")
    for username, password in (("Dora", "wrong password!"), ("Nemo", PASSWORD),
                               ("Olga", PASSWORD)):
        answer = browser.post("/desk/login", {"username": username, "password": password})
        assert answer.status_code == 401
        assert flashes(answer) == [failed]

    answer = browser.post("/desk/login", {"username": "Dora", "password": PASSWORD})
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/desk/unlock")
    # Logged in, not unlocked: no case file opens yet.
    assert browser.get(f"/desk/case/{number}").headers["Location"].endswith("/desk/unlock")
    answer = browser.post("/desk/unlock", {"passphrase": "not my passphrase"})
    assert answer.status_code == 401
    assert flashes(answer) == [translate("web-unlock-failed", "nl")]
    answer = browser.post("/desk/unlock", {"passphrase": PASSPHRASE})
    assert answer.status_code == 302
    assert answer.headers["Location"] == f"/desk/case/{number}"  # back where it was going
    assert browser.get(f"/desk/case/{number}").status_code == 200

    # The key lives in server memory only; the cookie holds a random session id.
    held = _cookie_session(browser)
    assert set(held) <= {"sid", "started", "csrf", "_permanent", "_flashes", "lang", "next"}
    assert PASSPHRASE not in json.dumps(held) and PASSWORD not in json.dumps(held)
    web: WebState = desk.app.extensions["bvr"]
    assert web.sessions.get(str(held["sid"])) is not None
    if desk.core.database.engine.dialect.name == "sqlite":
        stored = desk.core.database.engine.url.database
        assert stored is not None
        with open(stored, "rb") as raw:
            content = raw.read()
        assert PASSPHRASE.encode() not in content and PASSWORD.encode() not in content
    assert "login-local" in _actions(desk)

    # Logging out ends the server session: the old cookie opens nothing.
    sid = str(held["sid"])
    browser.post("/desk/logout")
    assert web.sessions.get(sid) is None
    assert browser.get("/desk/").status_code == 302


def test_R_15_2_sessions_time_out_on_the_clock_and_a_revoked_role_ends_them(
        desk: Desk) -> None:
    minutes = desk.core.config.web.session_minutes
    dora = desk.login("Dora")
    desk.clock.advance(minutes=minutes - 1)
    assert dora.get("/desk/").status_code == 200  # activity restarts the idle timer
    desk.clock.advance(minutes=minutes - 1)
    assert dora.get("/desk/cases").status_code == 200
    desk.clock.advance(minutes=minutes + 1)
    answer = dora.get("/desk/cases")
    assert answer.status_code == 302 and "/desk/login" in answer.headers["Location"]
    login_page = dora.get(answer.headers["Location"])
    assert translate("web-session-expired", "en") in flashes(login_page)

    stan = desk.login("Stan")
    assert stan.get("/desk/register").status_code == 200
    people.revoke_role(desk.core, "Stan", Role.STAFF)
    assert stan.get("/desk/register").status_code == 403  # at once, not at the next login
    assert stan.get("/desk/").status_code == 302  # and the session is gone


def test_R_15_2_login_attempts_are_rate_limited(desk: Desk) -> None:
    desk.core.config = replace(desk.core.config,
                               web=replace(desk.core.config.web, logins_per_hour=3))
    browser = desk.client()
    codes = [browser.post("/desk/login", {"username": "Dora", "password": "guess number x"})
             .status_code for _ in range(4)]
    assert codes == [401, 401, 401, 429]



def test_R_15_2_successful_logins_do_not_count_against_the_limit(desk: Desk) -> None:
    """Issue 13: an office where many log in all day shares one address; only failures
    count, so the director is never locked out by her colleagues' logins."""
    desk.core.config = replace(desk.core.config,
                               web=replace(desk.core.config.web, logins_per_hour=3))
    for _ in range(6):
        browser = desk.client()
        answer = browser.post("/desk/login", {"username": "Dora", "password": PASSWORD})
        assert answer.status_code == 302
    browser = desk.client()
    codes = [browser.post("/desk/login", {"username": "Dora", "password": "wrong one"})
             .status_code for _ in range(3)]
    assert codes == [401, 401, 401]
    # Three failures: now the address waits, a right password included.
    assert browser.post("/desk/login", {"username": "Dora", "password": PASSWORD}
                        ).status_code == 429


def test_R_15_2_wikimedia_oauth2_login_against_a_stand_in_for_the_mediawiki_oauth_extension(
        desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    """Against `OAuthStandIn`, a local stand-in for MediaWiki's OAuth extension (see there):
    the desk runs the real authorization-code flow with PKCE over HTTP on loopback."""
    with OAuthStandIn("bvr-desk-client", "s3cret-of-the-desk") as wiki:
        monkeypatch.setenv(ENV_OAUTH_CLIENT_ID, wiki.client_id)
        monkeypatch.setenv(ENV_OAUTH_CLIENT_SECRET, wiki.client_secret)
        public = "https://bvr.example.org"  # as registered with the wiki; the app sees http
        desk.core.config = replace(desk.core.config, web=replace(
            desk.core.config.web, oauth_server=wiki.url, public_url=public))
        app = create_app(core=desk.core)

        def wikimedia_login(sub: str, username: str) -> tuple[DeskClient, str]:
            """The whole round trip; returns the browser and where the desk sent it."""
            browser = DeskClient(app.test_client(), username)
            login_page = browser.get("/desk/login?uselang=en").get_data(as_text=True)
            assert 'id="oauth-login"' in login_page
            answer = browser.get("/desk/login/oauth")
            assert answer.status_code == 302
            authorize = answer.headers["Location"]
            assert authorize.startswith(f"{wiki.url}/w/rest.php/oauth2/authorize?")
            wiki.user = (sub, username)
            back = requests.get(authorize, allow_redirects=False, timeout=10)
            assert back.status_code == 302, wiki.refused
            callback = back.headers["Location"]
            assert callback.startswith(f"{public}/desk/login/oauth/callback?")
            landed = browser.get(callback.removeprefix(public))
            assert landed.status_code == 302
            return browser, landed.headers["Location"]

        dora, landed = wikimedia_login("4711", "Dora")
        assert landed.endswith("/desk/unlock"), wiki.refused
        assert dora.post("/desk/unlock", {"passphrase": PASSPHRASE}).status_code == 302
        assert dora.get("/desk/cases").status_code == 200
        with desk.core.database.transaction() as session:
            linked = session.scalars(select(OAuthIdentity)).one()
            assert (linked.server, linked.subject) == (wiki.url, "4711")
        assert "login-oauth" in _actions(desk)

        # Once linked, the wiki account's stable id counts, not its (changeable) name.
        _renamed, landed = wikimedia_login("4711", "Dora the Director")
        assert landed.endswith("/desk/unlock")

        # A wiki account that is not an officer gets no session.
        stranger, landed = wikimedia_login("999", "Eve")
        assert landed.endswith("/desk/login")
        assert flashes(stranger.get("/desk/login")) == [translate("web-login-no-role", "en")]
        # Nor does the officer's name from another wiki account, once Dora is linked.
        _impostor, landed = wikimedia_login("1234", "Dora")
        assert landed.endswith("/desk/login")

        # A forged callback (no state of this browser) is refused like any failure.
        forged = DeskClient(app.test_client(), None)
        forged.get("/desk/login?uselang=en")
        answer = forged.get("/desk/login/oauth/callback?code=abc&state=forged")
        assert answer.headers["Location"].endswith("/desk/login")
        assert flashes(forged.get("/desk/login")) == [translate("web-login-oauth-failed", "en")]
        assert wiki.refused == []  # every request the desk made was a valid one
