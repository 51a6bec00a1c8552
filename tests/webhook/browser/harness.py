"""What the browser tests and their fixtures share: the officers, the served site, a visit
(browser context and page with what went wrong on it) and the screenshots of a test's steps."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from bvr.config import Config, Mail, Web
from bvr.domain import Role
from bvr.services import casework_accounts, people
from bvr.services.core import Core
from testbed.smtp import SmtpCapture

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

ARTIFACTS_ENV = "BVR_TEST_ARTIFACTS"


@dataclass(frozen=True)
class Officer:
    username: str
    email: str
    passphrase: str
    password: str = ""  # local case-desk login; empty: none


DIRECTOR = Officer("Anna de Vries", "anna@example.org", "anna's vault passphrase",
                   "anna's desk password")
BOARD_BVR = Officer("Bram Bestuur", "bram@example.org", "bram's vault passphrase")
EMERGENCY_CONTACT = "alarm@example.org"


@dataclass
class Visit:
    """One browser context and its page, with what went wrong on it."""

    context: BrowserContext
    page: Page
    console_errors: list[str] = field(default_factory=list)
    load_errors: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return self.console_errors + self.load_errors


class Screenshots:
    """Numbered full-page screenshots of one test's steps."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.taken: list[Path] = []

    def __call__(self, page: Page, step: str) -> Path:
        path = self.directory / f"{len(self.taken) + 1:02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        self.taken.append(path)
        return path


@dataclass
class LiveSite:
    url: str
    core: Core
    smtp: SmtpCapture
    database_file: Path

    def raw_database(self) -> bytes:
        """Every byte of the SQLite database as stored, write-ahead log included."""
        parts = [self.database_file, self.database_file.with_name(
            self.database_file.name + "-wal")]
        return b"".join(p.read_bytes() for p in parts if p.exists())


def site_config(smtp: SmtpCapture, url: str) -> Config:
    # The association's defaults (Dutch): a Swedish page can only come from the browser.
    return replace(
        Config(), mail=Mail(host=smtp.host, port=smtp.port, sender="bvr@example.org"),
        web=replace(Web(), public_url=url), emergency_contacts=(EMERGENCY_CONTACT,))


def add_officers(core: Core) -> None:
    people.add_person(core, DIRECTOR.username, (Role.DIRECTOR, Role.STAFF), language="en",
                      email=DIRECTOR.email)
    people.add_person(core, BOARD_BVR.username, (Role.BOARD, Role.BOARD_BVR), language="en",
                      email=BOARD_BVR.email)
    for officer in (DIRECTOR, BOARD_BVR):
        people.set_passphrase(core, officer.username, officer.passphrase)
        if officer.password:
            casework_accounts.set_local_password(core, officer.username, officer.password)


