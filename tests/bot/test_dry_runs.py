"""Every writing command has `--dry-run`, and a dry run writes nothing and says "would".

Run against the test bed's `wp` wiki (which no other test installs to, so there is work to
show): no edit appears in `list=recentchanges`, no email reaches the SMTP capture, the
database is byte for byte the same, and the output claims nothing in the past tense.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from bot.footers.cli import footers
from bot.housekeeping.cli import acks, remind, retention
from bot.install.cli import wiki as wiki_group
from bot.publish.cli import publish
from bvr import vault
from bvr.commands.common import Context
from bvr.config import Config, Mail, Wiki
from bvr.services.core import Core
from bvr.storage import schema
from bvr.storage.db import Database
from testbed.mediawiki import LocalWiki, WikiFarm
from testbed.pywikibot_dir import PywikibotEnv
from testbed.smtp import SmtpCapture
from tests.conftest import FrozenClock
from tests.housekeeping.cases import in_handling, set_email
from tests.services.helpers import officers

pytestmark = pytest.mark.mediawiki

# A claim that something happened: a past participle not after "would (be)" or "not".
PAST_TENSE = re.compile(
    r"(?<!would be )(?<!would )(?<!not )\b(written|sent|destroyed|edited|protected|reminded|"
    r"changed|marked)\b(?!\s+against)", re.IGNORECASE)
COMMANDS: list[tuple[click.Command, tuple[str, ...]]] = [
    (wiki_group, ("install", "--dry-run")),
    (wiki_group, ("install", "--dry-run", "--lang", "sv")),
    (footers, ("update", "--dry-run")),
    (footers, ("--dry-run",)),  # the daily job's form: the group runs `update`
    (publish, ("--dry-run",)),
    (acks, ("--dry-run",)),
    (remind, ("--dry-run",)),
    (retention, ("--dry-run",)),
]


@pytest.fixture
def wp_core(tmp_path: Path, clock: FrozenClock, pywikibot_env: PywikibotEnv,
            smtp_capture: SmtpCapture, wiki_farm: WikiFarm) -> Iterator[Core]:
    pywikibot_env.activate()
    family = pywikibot_env.family("wp")
    database = Database(f"sqlite:///{tmp_path / 'bvr.sqlite3'}")
    schema.upgrade(database)
    config = replace(Config(), wiki=Wiki(family=family, code=family),
                     mail=Mail(host="127.0.0.1", port=smtp_capture.port))
    core = Core(config, database, clock=clock, kdf_cost=vault.FAST_KDF_FOR_TESTS)
    officers(core)
    set_email(core, "Director", "director@example.org")
    in_handling(core)
    clock.now = datetime(2026, 6, 1, 10, tzinfo=UTC)  # the investigation report is overdue
    wiki = wiki_farm["wp"]
    wiki.create_user(f"Dry sysop {secrets.token_hex(3)}", "Dry-sysop-2024!", ("sysop",),
                     f"dry-{secrets.token_hex(3)}@example.org")
    with wiki.login(wiki_farm.admin.name, wiki_farm.admin.password) as admin:
        admin.post_with_token(action="edit", title=f"Dry event {secrets.token_hex(3)}",
                              text="An event.\n[[Category:Evenement]]")
    yield core
    database.dispose()


def _edits(wiki: LocalWiki) -> list[int]:
    answer = wiki.api(action="query", list="recentchanges", rcprop="ids", rclimit="max")
    return sorted(change["rcid"] for change in answer["query"]["recentchanges"])


def _database(core: Core) -> list[str]:
    with core.database.engine.connect() as connection:
        return list(connection.connection.driver_connection.iterdump())  # type: ignore[union-attr]


def _run(command: click.Command, core: Core, args: tuple[str, ...]) -> Result:
    return CliRunner().invoke(command, list(args), obj=Context(_core=core),
                              catch_exceptions=False)


@pytest.mark.parametrize(("command", "args"), COMMANDS,
                         ids=[f"{c.name} {' '.join(a)}" for c, a in COMMANDS])
def test_a_dry_run_writes_nothing_and_says_would(
        wp_core: Core, wiki_farm: WikiFarm, smtp_capture: SmtpCapture,
        monkeypatch: pytest.MonkeyPatch, command: click.Command,
        args: tuple[str, ...]) -> None:
    monkeypatch.setenv("BVR_LANG", "en")
    edits, mails, rows = _edits(wiki_farm["wp"]), len(smtp_capture.messages), \
        _database(wp_core)
    result = _run(command, wp_core, args)
    assert _edits(wiki_farm["wp"]) == edits
    assert len(smtp_capture.messages) == mails
    assert _database(wp_core) == rows
    assert result.exit_code in (0, 1), result.output
    assert "would" in result.output.lower(), result.output
    prose = "\n".join(line for line in result.output.splitlines()
                      if not line.startswith(("+", "-", " ", "@@")))  # not the diffs
    assert PAST_TENSE.findall(prose) == [], prose


def test_a_dry_run_of_a_refused_run_says_why_and_exits_1(
        wp_core: Core, monkeypatch: pytest.MonkeyPatch) -> None:
    # The test bed's BotPassword has neither `protect` nor `editsiteconfig`.
    monkeypatch.setenv("BVR_LANG", "nl")
    install = _run(wiki_group, wp_core, ("install", "--dry-run"))
    assert install.exit_code == 1
    assert "niet beveiligd" in install.output.lower()
    assert "zou worden geschreven" in install.output
    update = _run(footers, wp_core, ("--dry-run",))
    assert update.exit_code == 1
    assert "editinterface" in update.output
    assert "zouden worden bewerkt" in update.output  # the pages are still shown
