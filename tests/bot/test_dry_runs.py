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
from datetime import UTC, date, datetime
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select

from bot.footers.cli import footers
from bot.housekeeping.cli import acks, remind, retention
from bot.install.cli import wiki as wiki_group
from bot.intake.cli import intake
from bot.publish.cli import publish
from bot.screening.cli import screen, screening
from bvr import vault
from bvr.commands.case import case
from bvr.commands.common import Context
from bvr.commands.db import db
from bvr.commands.people import people
from bvr.commands.register import events, platforms
from bvr.commands.report import report
from bvr.commands.vaultcmd import vault_group
from bvr.config import Config, Mail, Wiki
from bvr.services import people as people_service
from bvr.services import register
from bvr.services.core import Core
from bvr.storage import schema
from bvr.storage.db import Database
from bvr.storage.models import Case
from testbed.mediawiki import LocalWiki, WikiFarm
from testbed.pywikibot_dir import PywikibotEnv
from testbed.smtp import SmtpCapture
from tests.conftest import FrozenClock
from tests.housekeeping.cases import in_handling, set_email
from tests.services.helpers import officers
from webhook.cli import desk_account

pytestmark = pytest.mark.mediawiki

# A claim that something happened: a past participle not after "would (be)" or "not".
PAST_TENSE = re.compile(
    r"(?<!would be )(?<!would )(?<!not )(?<!participant is )\b(written|sent|destroyed|edited|"
    r"protected|reminded|changed|marked|added|recorded|granted|revoked|filed|received|alerted|assigned|stored|"
    r"upgraded|reindexed|handed|saved|deleted|informed|set)\b(?!\s+against)", re.IGNORECASE)
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


# Every other command that writes (to the database, by email, to a file), with what it needs
# on standard input: (group, arguments, input). `test_every_writing_command_has_a_dry_run`
# keeps this list complete.
PASSPHRASE = "director passphrase 1\n"
CORE_COMMANDS: list[tuple[click.Command, tuple[str, ...], str | None]] = [
    (db, ("upgrade", "--dry-run"), None),
    (people, ("add", "Dry person", "--role", "staff", "--email", "p@example.org",
              "--dry-run"), None),
    (people, ("email", "Director", "other@example.org", "--dry-run"), None),
    (people, ("category", "Director", "staff", "--since", "2026-01-01", "--dry-run"), None),
    (people, ("reappointed", "Director", "--on", "2026-05-01", "--dry-run"), None),
    (people, ("grant", "Confidant", "staff", "--dry-run"), None),
    (people, ("revoke", "Confidant", "confidant", "--dry-run"), None),
    (people, ("passphrase", "Confidant", "--stdin", "--dry-run"),
     "confidant passphrase 1\na new long passphrase for the confidant\n"),
    (people, ("share", "Director", "--stdin", "--dry-run"), PASSPHRASE),
    (people, ("training", "Director", "--on", "2026-05-01", "--dry-run"), None),
    (people, ("acknowledge", "Director", "--on", "2026-05-01", "--capacity", "director",
              "--dry-run"), None),
    (events, ("add", "Dry event", "--starts", "2026-07-01", "--dry-run"), None),
    (events, ("contact", "{event}", "Director", "--dry-run"), None),
    (platforms, ("add", "Dry chat", "--kind", "chat", "--dry-run"), None),
    (platforms, ("contact", "1", "Director", "--dry-run"), None),
    (report, ("file", "--entered-by", "Director", "--emergency", "--dry-run"),
     "Iemand werd uitgescholden."),
    (case, ("inform", "{number}", "--as", "Director", "--to", "reporter", "--topic",
            "outcome", "--stdin", "--dry-run"), PASSPHRASE + "Je hoort van ons."),
    (vault_group, ("reindex", "--as", "Director", "--stdin", "--dry-run"), PASSPHRASE),
    (screen, ("--csv", "{csv}", "--no-history", "--dry-run"), None),
    (screening, ("note", "Some user", "--as", "Director", "--text", "Seen.", "--dry-run"),
     None),
    (screening, ("measure", "{number}", "--as", "Director", "--participant", "Some user",
                 "--measure", "talk", "--event", "Dry event", "--stdin", "--dry-run"),
     PASSPHRASE),
    (screening, ("recheck", "--dry-run"), None),
    (desk_account, ("Director", "--dry-run"), "a desk password 2026\na desk password 2026\n"),
    (intake, ("--dry-run",), None),
    (publish, ("board-report", "--year", "2026", "--half", "1", "--output", "{file}",
               "--dry-run"), None),
    (footers, ("summary", "--event", "{event}", "--pdf", "{file}", "--dry-run"), None),
]
#: Commands that write and have no dry run, and why.
NO_DRY_RUN = {
    "demo": "sets up a throwaway wiki and database of its own in its directory",
    "devwiki up": "starts a throwaway development wiki", "devwiki down": "stops it",
    "vault new-index-key": "prints a key, writes nothing",
    "vault new-intake-key": "prints a key, writes nothing",
    "case show": "a reading (the audit log records every reading; that is not optional)",
    "screening show": "a reading (recorded in the audit log like every reading)",
}


@pytest.mark.parametrize(("command", "args", "stdin"), CORE_COMMANDS,
                         ids=[f"{c.name} {a[0]}" for c, a, _ in CORE_COMMANDS])
def test_every_writing_command_rehearses_and_changes_nothing(
        wp_core: Core, wiki_farm: WikiFarm, smtp_capture: SmtpCapture,
        pywikibot_env: PywikibotEnv, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        command: click.Command, args: tuple[str, ...], stdin: str | None) -> None:
    monkeypatch.setenv("BVR_LANG", "en")
    wp_core.config = replace(wp_core.config, emergency_contacts=("alarm@example.org",),
                             screening=replace(wp_core.config.screening, wikis=(
                                 f"{pywikibot_env.family('wp')}:{pywikibot_env.family('wp')}",),
                                 central="", ban_list="", noticeboards=()))
    with wp_core.database.transaction() as session:
        number = session.scalars(select(Case.number)).first()
    event = register.add_event(wp_core, "Dry event", date(2026, 7, 1), date(2026, 7, 1))
    register.add_platform(wp_core, "Dry wiki", "wiki")
    people_service.record_training(wp_core, "Director", date(2026, 1, 5), "bvr-ucoc-basic")
    (tmp_path / "people.csv").write_text("username\nSome user\n", encoding="utf-8")
    values = {"number": number, "event": event, "csv": str(tmp_path / "people.csv"),
              "file": str(tmp_path / "out.html")}
    args = tuple(arg.format(**values) for arg in args)
    edits, mails, rows = _edits(wiki_farm["wp"]), len(smtp_capture.messages), \
        _database(wp_core)
    result = CliRunner().invoke(command, list(args), obj=Context(_core=wp_core), input=stdin,
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert _edits(wiki_farm["wp"]) == edits
    assert len(smtp_capture.messages) == mails
    assert _database(wp_core) == rows
    assert not (tmp_path / "out.html").exists()
    assert "would" in result.output.lower(), result.output
    assert PAST_TENSE.findall(result.output) == [], result.output


def test_every_writing_command_has_a_dry_run() -> None:
    """Every command of `bvr` that can write has --dry-run, or is named in NO_DRY_RUN with
    the reason; the read-only ones are recognised by having no such effect (listed here)."""
    read_only = {"db status", "config show", "people list", "events list", "stats",
                 "vault index-status", "audit verify", "doctor", "config check", "devwiki status",
                 "footers chat", "serve"}
    import click as click_module

    from bvr.cli import COMMANDS, main

    missing = []
    for name in COMMANDS:
        command = main.get_command(click_module.Context(main), name)
        leaves = [(f"{name} {sub}", leaf) for sub, leaf in command.commands.items()] \
            if isinstance(command, click_module.Group) else [(name, command)]
        for path, leaf in leaves:
            has = any(option.name == "dry_run" for option in leaf.params)
            if not has and path not in NO_DRY_RUN and path not in read_only:
                missing.append(path)
    assert missing == []


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
