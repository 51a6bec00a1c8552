"""Shared fixtures of the web service's Flask test-client tests (public side and case desk).

- `web_core`: the `core` of tests/conftest.py (so every test runs on SQLite and MariaDB) with
  mail going to the test bed's real SMTP capture, an emergency contact, and two officers who
  can open case files (a director and a board member BVR, each with a vault passphrase).
- `app`: `webhook.create_app(core=web_core)` with a fixed session key.
- `client`: a test client whose requests come from a recognisable address and user agent, so
  tests can search the database and logs for them.
- `form_token(client, path)`: the CSRF token of the form on a page, as a browser would send it.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, replace

import pytest
from flask import Flask
from flask.testing import FlaskClient

from bvr import vault
from bvr.config import ENV_SECRET_KEY, Mail
from bvr.domain import Role
from bvr.services import people
from bvr.services.core import Core
from testbed.smtp import SmtpCapture


@dataclass(frozen=True)
class Officer:
    username: str
    email: str
    passphrase: str


DIRECTOR = Officer("Dirk Directeur", "director@example.org", "dirk's vault passphrase")
BOARD_BVR = Officer("Bea Bestuur", "board-bvr@example.org", "bea's vault passphrase")
EMERGENCY_CONTACT = "alarm@example.org"
# Planted in every request; neither may ever reach the database or a log (flow 2).
CLIENT_ADDRESS = "203.0.113.77"  # TEST-NET-3, never a real client
CLIENT_AGENT = "PlantedAgent/9.9 (bvr-ua-3f7c1d)"

_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def web_core(core: Core, smtp_capture: SmtpCapture) -> Core:
    config = replace(core.config,
                     mail=Mail(host=smtp_capture.host, port=smtp_capture.port,
                               sender="bvr@example.org"),
                     emergency_contacts=(EMERGENCY_CONTACT,))
    site = Core(config, core.database, clock=core.clock, kdf_cost=core.kdf_cost)
    people.add_person(site, DIRECTOR.username, (Role.DIRECTOR, Role.STAFF), language="en",
                      email=DIRECTOR.email)
    people.add_person(site, BOARD_BVR.username, (Role.BOARD, Role.BOARD_BVR), language="nl",
                      email=BOARD_BVR.email)
    for officer in (DIRECTOR, BOARD_BVR):
        people.set_passphrase(site, officer.username, officer.passphrase)
    smtp_capture.clear()
    return site


@pytest.fixture
def app(web_core: Core, monkeypatch: pytest.MonkeyPatch) -> Flask:
    from webhook import create_app
    from webhook.factory import ENV_PROXY_HOPS

    monkeypatch.setenv(ENV_SECRET_KEY, secrets.token_hex(32))
    monkeypatch.delenv(ENV_PROXY_HOPS, raising=False)  # a developer's shell must not leak in
    return create_app(core=web_core)


@pytest.fixture
def client(app: Flask) -> Iterator[FlaskClient]:
    with app.test_client() as test_client:
        # English unless a test asks otherwise (the association's own default is Dutch).
        test_client.environ_base.update(REMOTE_ADDR=CLIENT_ADDRESS, HTTP_USER_AGENT=CLIENT_AGENT,
                                        HTTP_ACCEPT_LANGUAGE="en")
        yield test_client


def form_token(client: FlaskClient, path: str = "/report") -> str:
    """GET a page and return its form's CSRF token, as a browser would submit it."""
    page = client.get(path)
    assert page.status_code == 200, page.status_code
    found = _TOKEN.search(page.get_data(as_text=True))
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def unlock(core: Core, officer: Officer) -> vault.UnlockedKey:
    return people.unlock(core, officer.username, officer.passphrase)
