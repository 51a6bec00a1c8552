"""Fixtures for the intake tests: a SQLite core aimed at the test bed's association wiki
(`nl`), with officers who can open case files, the report pages installed, and reporters."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.install.cli import wiki as wiki_group
from bvr import vault
from bvr.commands.common import Context
from bvr.config import Config, Mail, Wiki
from bvr.services.core import Core
from bvr.storage import schema
from bvr.storage.db import Database
from testbed.mediawiki import WikiFarm, WikiSession
from testbed.pywikibot_dir import PywikibotEnv
from testbed.smtp import SmtpCapture
from tests.conftest import FrozenClock
from tests.services.helpers import officers

ALARM = "alarm@example.org"


def wiki_config(pywikibot_env: PywikibotEnv, smtp_capture: SmtpCapture) -> Config:
    family = pywikibot_env.family("nl")
    return replace(Config(), wiki=Wiki(family=family, code=family),
                   mail=Mail(host="127.0.0.1", port=smtp_capture.port),
                   emergency_contacts=(ALARM,))


@pytest.fixture
def wiki_core(tmp_path: Path, clock: FrozenClock, pywikibot_env: PywikibotEnv,
              smtp_capture: SmtpCapture) -> Iterator[Core]:
    """A core on SQLite for the wiki (intake needs only one database to prove its order)."""
    pywikibot_env.activate()
    database = Database(f"sqlite:///{tmp_path / 'bvr.sqlite3'}")
    schema.upgrade(database)
    core = Core(wiki_config(pywikibot_env, smtp_capture), database, clock=clock,
                kdf_cost=vault.FAST_KDF_FOR_TESTS)
    officers(core)
    _install_once(core)
    yield core
    database.dispose()


_installed: set[str] = set()


def _install_once(core: Core) -> None:
    if core.config.wiki.family in _installed:
        return
    result = CliRunner().invoke(wiki_group, ["install", "--no-protect"], obj=Context(_core=core),
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    _installed.add(core.config.wiki.family)


@dataclass
class Person:
    name: str
    password: str
    email: str | None
    session: WikiSession


@pytest.fixture
def make_person(wiki_farm: WikiFarm) -> Iterator[object]:
    """`make_person(email=True)`: a new ordinary wiki user, logged in."""
    made: list[WikiSession] = []

    def make(email: bool = True) -> Person:
        name = f"Reporter {secrets.token_hex(4)}"
        password = f"Pw-{secrets.token_hex(8)}"
        address = f"r-{secrets.token_hex(4)}@example.org" if email else None
        wiki_farm["nl"].create_user(name, password, email=address)
        session = wiki_farm["nl"].login(name, password)
        made.append(session)
        return Person(name, password, address, session)

    yield make
    for session in made:
        session.close()
