"""Desk sessions after issue 11 (part 4): logging out wipes the unlocked key; expired sessions
are swept without waiting for a request; a session ends 12 hours after login however busy, and
the login page says so and that the form just sent was not saved; the CSRF token is new after
login and logout; HSTS under an https `public_url` (R-15.2, R-7.3)."""

from __future__ import annotations

import re
import time
from dataclasses import replace
from datetime import timedelta

from bvr import vault
from bvr.i18n import translate
from bvr.services import people
from tests.webhook.desk.conftest import PASSWORD, Desk, DeskClient, flashes
from webhook import create_app
from webhook.security import HSTS
from webhook.state import WebState

_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def _web(desk: Desk) -> WebState:
    found: WebState = desk.app.extensions["bvr"]
    return found


def _sid(browser: DeskClient) -> str:
    with browser.client.session_transaction() as cookie:
        return str(cookie["sid"])


def _token(browser: DeskClient, path: str) -> str:
    found = _TOKEN.search(browser.get(path).get_data(as_text=True))
    assert found, path
    return found.group(1)


def test_R_15_2_logout_wipes_the_unlocked_key_and_forgets_the_session(desk: Desk) -> None:
    dora = desk.login("Dora")
    sid = _sid(dora)
    held = _web(desk).sessions.get(sid)
    assert held is not None and held.key is not None
    key = held.key
    buffer = key._secret
    assert any(buffer)
    dora.post("/desk/logout")
    assert _web(desk).sessions.get(sid) is None and len(_web(desk).sessions) == 0
    assert buffer == bytearray(len(buffer))  # zeroed in place, not merely dropped
    assert held.key is None
    try:
        key.unwrap(b"\0" * 80)
    except vault.VaultError as error:
        assert error.message.key == "core-vault-locked"
    else:
        raise AssertionError("a wiped key still answered")


def test_R_15_2_expired_sessions_are_swept_and_wiped_without_a_request(desk: Desk) -> None:
    desk.core.config = replace(desk.core.config, web=replace(desk.core.config.web,
                                                             session_sweep_seconds=1))
    app = create_app(core=desk.core)
    web: WebState = app.extensions["bvr"]
    try:
        browsers = []
        for name in ("Dora", "Bea"):
            browser = DeskClient(app.test_client(), None)
            browser.get("/desk/login?uselang=en")  # the first request starts the sweeper
            browser.post("/desk/login", {"username": name, "password": PASSWORD})
            browser.post("/desk/unlock", {"passphrase": "correct horse battery staple"})
            browsers.append(browser)
        keys = [s.key for s in list(web.sessions._sessions.values())]
        assert len(keys) == 2 and all(k is not None and not k.closed for k in keys)
        desk.clock.advance(minutes=desk.core.config.web.session_minutes + 1)
        deadline = time.monotonic() + 10
        while len(web.sessions) and time.monotonic() < deadline:
            time.sleep(0.1)  # no request is made: only the sweeper can end them
        assert len(web.sessions) == 0
        assert all(k is not None and k.closed for k in keys)
        # The browser still holding the cookie learns on its next request why it ended.
        answer = browsers[0].get("/desk/cases")
        assert "/desk/login" in answer.headers["Location"]
        assert translate("web-session-expired", "en") in flashes(
            browsers[0].get(answer.headers["Location"]))
    finally:
        web.sessions.stop_sweeper()


def test_R_15_2_a_session_ends_twelve_hours_after_login_however_busy(desk: Desk) -> None:
    assert desk.core.config.web.session_max_hours == 12
    dora = desk.login("Dora")
    start = desk.clock.now
    # A request every 29 minutes keeps the idle timer going, up to the absolute lifetime.
    while desk.clock.now - start < _web(desk).sessions.lifetime - _minutes(29):
        desk.clock.advance(minutes=29)
        assert dora.get("/desk/").status_code == 200, desk.clock.now - start
    assert desk.clock.now - start >= _hours(11.5)
    page = dora.get("/desk/report")
    token = _TOKEN.search(page.get_data(as_text=True))
    assert token
    desk.clock.advance(minutes=29)  # past 12 hours: a form typed meanwhile is sent
    answer = dora.client.post("/desk/report", data={
        "csrf_token": token.group(1), "channel": "oral", "what_happened": "typed at length"})
    assert answer.status_code == 302 and "/desk/login" in answer.headers["Location"]
    shown = flashes(dora.get(answer.headers["Location"]))
    assert translate("web-session-lifetime", "en", num_hours=12) in shown
    assert translate("web-session-kept", "en") in shown  # and shown again after login
    assert len(_web(desk).sessions) == 0
    # Logging in again starts a new 12 hours.
    again = desk.login("Dora")
    assert again.get("/desk/").status_code == 200


def test_R_15_2_the_absolute_lifetime_is_configurable(desk: Desk) -> None:
    desk.core.config = replace(desk.core.config, web=replace(desk.core.config.web,
                                                             session_max_hours=1))
    app = create_app(core=desk.core)
    app.config["TESTING"] = True
    browser = DeskClient(app.test_client(), None)
    browser.get("/desk/login?uselang=nl")
    browser.post("/desk/login", {"username": "Dora", "password": PASSWORD})
    browser.post("/desk/unlock", {"passphrase": "correct horse battery staple"})
    desk.clock.advance(minutes=29)
    assert browser.get("/desk/").status_code == 200
    desk.clock.advance(minutes=31)
    answer = browser.get("/desk/")
    assert answer.status_code == 302
    assert translate("web-session-lifetime", "nl", num_hours=1) in flashes(
        browser.get(answer.headers["Location"]))


def test_R_15_2_the_csrf_token_is_new_after_login_and_after_logout(desk: Desk) -> None:
    browser = desk.client()
    before = _token(browser, "/desk/login?uselang=en")
    answer = browser.client.post("/desk/login", data={
        "username": "Dora", "password": PASSWORD, "csrf_token": before})
    assert answer.status_code == 302
    after_login = _token(browser, "/desk/unlock")
    assert after_login != before
    # A token learnt before login (a shared computer, a planted form) no longer works.
    refused = browser.client.post("/desk/unlock", data={
        "passphrase": "correct horse battery staple", "csrf_token": before})
    assert refused.status_code == 400
    assert browser.client.post("/desk/unlock", data={
        "passphrase": "correct horse battery staple",
        "csrf_token": after_login}).status_code == 302
    assert browser.client.post("/desk/logout", data={
        "csrf_token": after_login}).status_code == 302
    after_logout = _token(browser, "/desk/login")
    assert after_logout not in (before, after_login)


def test_R_7_3_hsts_is_sent_under_an_https_public_url_and_not_otherwise(desk: Desk) -> None:
    assert desk.core.config.web.public_url.startswith("http://")
    plain = desk.app.test_client()
    for path in ("/", "/desk/login", "/healthz"):
        assert "Strict-Transport-Security" not in plain.get(path).headers
    desk.core.config = replace(desk.core.config, web=replace(
        desk.core.config.web, public_url="https://bvr.example.org"))
    secure = create_app(core=desk.core).test_client()
    for path in ("/", "/desk/login", "/channel", "/healthz", "/nowhere"):
        assert secure.get(path).headers.get("Strict-Transport-Security") == HSTS
    assert HSTS.startswith("max-age=") and int(HSTS.split("=")[1]) >= 180 * 86400


def _minutes(n: float) -> timedelta:
    return timedelta(minutes=n)


def _hours(n: float) -> timedelta:
    return timedelta(hours=n)


def test_R_15_2_unlocking_with_a_passphrase_set_before_the_strength_check_warns(
        desk: Desk) -> None:
    weak = "aaaaaaaaaaaa"
    with desk.core.database.transaction() as session:
        person = people.get(session, "Stan")
        assert person.public_key is not None
        old_key = people.locked_key(person)
    assert old_key is not None
    unlocked = vault.unlock(old_key, "correct horse battery staple")
    # As a key locked before this check existed would be stored: the vault refuses it today.
    people._store_key(desk.core, "Stan", old_key,
                      vault.relock(unlocked, weak, desk.core.kdf_cost), "passphrase-set")
    browser = desk.client()
    browser.get("/desk/login?uselang=sv")
    browser.post("/desk/login", {"username": "Stan", "password": PASSWORD})
    answer = browser.post("/desk/unlock", {"passphrase": weak})
    assert answer.status_code == 302
    assert translate("web-unlock-weak-passphrase", "sv") in flashes(
        browser.get(answer.headers["Location"]))
    strong = desk.client()
    strong.get("/desk/login?uselang=sv")
    strong.post("/desk/login", {"username": "Dora", "password": PASSWORD})
    answer = strong.post("/desk/unlock", {"passphrase": "correct horse battery staple"})
    assert translate("web-unlock-weak-passphrase", "sv") not in flashes(
        strong.get(answer.headers["Location"]))
