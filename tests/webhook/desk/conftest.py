"""The case desk under test: the real Flask app on a fresh database (SQLite and MariaDB, by
the shared `core` fixture), a cast of people with roles, passphrases and local passwords, and
notifications going to the test bed's SMTP capture.

`DeskClient` wraps Flask's test client: it logs in (local account), unlocks the vault key and
sends the CSRF token with every POST, like the desk's own forms do.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from bvr.config import ENV_SECRET_KEY, Mail
from bvr.domain import Channel, PartyRole, Role
from bvr.services import casework_accounts, people, register
from bvr.services.core import Core
from bvr.services.reports import PartyInput, ReportInput, file_report
from testbed.smtp import SmtpCapture
from tests.conftest import FrozenClock
from webhook import create_app

PASSPHRASE = "correct horse battery staple"
PASSWORD = "desk password 2026"

#: Everyone on the desk, with the roles they hold (R-2.1). Two board members besides the board
#: member BVR, so the board can decide with four eyes (R-9.1) and hear appeals (R-16.2).
CAST: dict[str, tuple[Role, ...]] = {
    "Dora": (Role.DIRECTOR, Role.STAFF),
    "Bea": (Role.BOARD_BVR,),
    "Bob": (Role.BOARD,),
    "Berta": (Role.BOARD,),
    "Ada": (Role.APPEALS_COMMITTEE,),
    "Carl": (Role.CONTACT_PERSON,),
    "Cora": (Role.CONTACT_PERSON,),
    "Stan": (Role.STAFF,),
    "Vera": (Role.CONFIDANT,),
}


def email_of(name: str) -> str:
    return f"{name.lower()}@example.org"


def csrf_of(client: FlaskClient) -> str:
    with client.session_transaction() as cookie:
        token = cookie.get("csrf")
        if not isinstance(token, str):
            token = "test-csrf-" + str(id(client))
            cookie["csrf"] = token
        return token


class DeskClient:
    """A browser on the desk: Flask's test client plus the CSRF token of its session."""

    def __init__(self, client: FlaskClient, name: str | None) -> None:
        self.client = client
        self.name = name

    def get(self, path: str, **kwargs: Any) -> TestResponse:
        return self.client.get(path, **kwargs)

    def post(self, path: str, data: dict[str, Any] | None = None,
             **kwargs: Any) -> TestResponse:
        form = dict(data or {})
        form.setdefault("csrf_token", csrf_of(self.client))
        return self.client.post(path, data=form, **kwargs)

    def act(self, number: str, action: str, **data: Any) -> TestResponse:
        """One action on a case; returns the case page the desk redirects to."""
        answer = self.post(f"/desk/case/{number}/{action}", data)
        if answer.status_code != 303:
            return answer
        return self.get(answer.headers["Location"])


_FLASH = re.compile(r'<p class="flash [a-z]+" role="status">(.*?)</p>', re.S)
_WHY = re.compile(r'\s*<a class="why" href="/desk/why/([^"]+)"[^>]*>.*?</a>', re.S)


def flashes(response: TestResponse) -> list[str]:
    """The messages shown above the page (`<p class="flash ...">`), unescaped, without the
    "why?" link a refusal by a rule ends with (see `refusals`)."""
    import html

    return [html.unescape(_WHY.sub("", m)) for m in _FLASH.findall(
        response.get_data(as_text=True))]


def refusals(response: TestResponse) -> list[tuple[str, str]]:
    """The refusals shown above the page, each as its sentence and the requirement its "why?"
    link leads to ("" for none); a sentence never starts with an R-ID (issue 13)."""
    import html

    found = []
    for message in _FLASH.findall(response.get_data(as_text=True)):
        link = _WHY.search(message)
        found.append((html.unescape(_WHY.sub("", message)), link.group(1) if link else ""))
    return found


@dataclass
class Desk:
    app: Flask
    core: Core
    clock: FrozenClock
    smtp: SmtpCapture
    events: dict[str, int] = field(default_factory=dict)

    def client(self) -> DeskClient:
        return DeskClient(self.app.test_client(), None)

    def login(self, name: str, lang: str = "en") -> DeskClient:
        """Log in with the local account and unlock the key; the language by `uselang`."""
        desk = self.client()
        desk.get(f"/desk/login?uselang={lang}")
        answer = desk.post("/desk/login", {"username": name, "password": PASSWORD})
        assert answer.status_code == 302, answer.get_data(as_text=True)
        answer = desk.post("/desk/unlock", {"passphrase": PASSPHRASE})
        assert answer.status_code == 302, answer.get_data(as_text=True)
        desk.name = name
        return desk

    def raw_database(self) -> bytes | None:
        """Every byte of the SQLite database (with its write-ahead log); None on MariaDB,
        whose files the test bed does not expose here."""
        if self.core.database.engine.dialect.name != "sqlite":
            return None
        path = Path(str(self.core.database.engine.url.database))
        return b"".join(p.read_bytes() for p in (path, path.with_name(path.name + "-wal"))
                        if p.exists())

    def file(self, text: str = "Someone was shouted at during the meetup.", *,
             parties: tuple[PartyInput, ...] = (), anonymous: bool = False,
             channel: Channel = Channel.WIKI_FORM, during_event: bool = False,
             event_id: int | None = None) -> str:
        """A report as intake files it (the desk is not needed to file)."""
        return file_report(self.core, ReportInput(
            channel=channel, what_happened=text, parties=parties, anonymous=anonymous,
            language="en", during_event=during_event, event_id=event_id)).number


def respondent(username: str) -> PartyInput:
    return PartyInput(PartyRole.RESPONDENT, name="", username=username)


@pytest.fixture
def desk(core: Core, clock: FrozenClock, smtp_capture: SmtpCapture,
         monkeypatch: pytest.MonkeyPatch) -> Iterator[Desk]:
    monkeypatch.setenv(ENV_SECRET_KEY, "test-secret-key-for-the-desk")
    core.config = replace(core.config, mail=Mail(host=smtp_capture.host,
                                                 port=smtp_capture.port))
    for name, roles in CAST.items():
        people.add_person(core, name, roles, language="en", email=email_of(name))
        people.set_passphrase(core, name, PASSPHRASE)
        casework_accounts.set_local_password(core, name, PASSWORD)
    events = {"meetup": register.add_event(core, "Wikimeetup Utrecht", date(2026, 3, 14),
                                           date(2026, 3, 15)),
              "edit-a-thon": register.add_event(core, "Edit-a-thon Den Haag",
                                                date(2026, 4, 1), date(2026, 4, 1))}
    for name, event in (("Carl", "meetup"), ("Cora", "edit-a-thon")):
        people.record_training(core, name, date(2026, 1, 10))
        register.assign_contact_person(core, name, event_id=events[event])
    smtp_capture.clear()
    app = create_app(core=core)
    app.config["TESTING"] = True
    yield Desk(app, core, clock, smtp_capture, events)
