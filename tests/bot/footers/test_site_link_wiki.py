"""The site-wide policy link with the rights granted (R-3.2): the bot edits the interface
message the configuration names, every page then shows the link to logged-out and logged-in
readers alike, and a second run edits nothing. MediaWiki:Copyright is one of MediaWiki's raw
HTML messages, which also needs `editsitejs` (an interface administrator): without it the run
stops with a clear message before any edit.

Run as a subprocess: pywikibot reads the BotPassword from `PYWIKIBOT_DIR` once per process,
and these accounts have grants that the test bed's usual BotPassword leaves out on purpose."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from bvr.config import ENV_BLIND_INDEX_KEY, ENV_CONFIG, ENV_DATABASE_URL
from bvr.storage import schema
from bvr.storage.db import Database
from testbed.mediawiki import BOT_GRANTS, BotPassword, WikiFarm
from testbed.pywikibot_dir import PywikibotEnv, write_pywikibot_dir

pytestmark = pytest.mark.mediawiki
ROOT = Path(__file__).parents[3]


def _environment(wiki_farm: WikiFarm, pywikibot_env: PywikibotEnv, tmp_path: Path,
                 message: str, policy: str, groups: tuple[str, ...],
                 grants: tuple[str, ...]) -> dict[str, str]:
    """A bot account in `groups` with a BotPassword of `grants`, and a configuration that
    keeps the policy link in `message` only (no page selections)."""
    wiki = wiki_farm["nl"]
    name = f"Interface bot {secrets.token_hex(3)}"
    wiki.create_user(name, f"Ib-{secrets.token_hex(8)}", groups=("bot", *groups))
    _login, password = wiki.create_bot_password(name, "bvr", (*BOT_GRANTS, *grants))
    directory = write_pywikibot_dir(tmp_path / "pwb", wiki_farm.wikis.values(),
                                    BotPassword(name, "bvr", password))
    database_url = f"sqlite:///{tmp_path / 'bvr.sqlite3'}"  # the wiki side needs one database
    database = Database(database_url)
    schema.upgrade(database)
    database.dispose()
    family = pywikibot_env.family("nl")
    config = tmp_path / "bvr.toml"
    config.write_text(
        f'[wiki]\nfamily = "{family}"\ncode = "{family}"\npolicy_page = "{policy}"\n'
        f'[publishing]\nfooter_categories = []\nevent_categories = []\n'
        f'registration_categories = []\ninterface_message = "{message}"\n', encoding="utf-8")
    env = pywikibot_env.environ()
    env.update({"PYWIKIBOT_DIR": str(directory), ENV_CONFIG: str(config),
                ENV_DATABASE_URL: database_url,
                ENV_BLIND_INDEX_KEY: os.environ[ENV_BLIND_INDEX_KEY], "PYTHONPATH": str(ROOT)})
    return env


def _footers(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bvr", "footers", "update", "--json"],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=180,
                          check=False)


def _pages(result: subprocess.CompletedProcess[str]) -> dict[str, str]:
    assert result.returncode == 0, result.stderr[-2000:]
    return dict(json.loads(result.stdout[result.stdout.index("{"):])["pages"])


@pytest.mark.parametrize(("message", "groups", "grants"), [
    ("MediaWiki:Sitenotice", ("sysop",), ("editinterface",)),
    ("MediaWiki:Copyright", ("sysop", "interface-admin"), ("editinterface", "editsiteconfig")),
])
def test_R_3_2_the_policy_link_reaches_every_reader_through_the_interface_message(
        wiki_farm: WikiFarm, pywikibot_env: PywikibotEnv, tmp_path: Path, message: str,
        groups: tuple[str, ...], grants: tuple[str, ...]) -> None:
    wiki = wiki_farm["nl"]
    policy = f"Beleid Vriendelijke Ruimtes {secrets.token_hex(3)}"
    env = _environment(wiki_farm, pywikibot_env, tmp_path, message, policy, groups, grants)
    assert _pages(_footers(env)) == {message: "edited"}
    readers = [wiki.session(), wiki.login(wiki_farm.admin.name, wiki_farm.admin.password)]
    try:
        for reader in readers:  # logged out, then logged in
            page = reader.http.get(wiki.index_url, params={"title": "Main_Page"}, timeout=30)
            assert page.status_code == 200
            assert policy.replace(" ", "_") in page.text or policy in page.text, message
    finally:
        for reader in readers:
            reader.close()
    assert _pages(_footers(env)) == {message: "unchanged"}


def test_R_3_2_a_raw_html_message_without_editsitejs_is_a_clear_error_before_any_edit(
        wiki_farm: WikiFarm, pywikibot_env: PywikibotEnv, tmp_path: Path) -> None:
    wiki = wiki_farm["nl"]
    before = wiki.api(action="query", titles="MediaWiki:Copyright", prop="revisions",
                      rvprop="ids")["query"]["pages"][0].get("revisions")
    env = _environment(wiki_farm, pywikibot_env, tmp_path, "MediaWiki:Copyright",
                       "Beleid Vriendelijke Ruimtes", ("sysop",), ("editinterface",))
    env["BVR_LANG"] = "en"
    result = _footers(env)
    assert result.returncode == 1
    assert "editsitejs" in result.stderr and "interface administrator" in result.stderr
    after = wiki.api(action="query", titles="MediaWiki:Copyright", prop="revisions",
                     rvprop="ids")["query"]["pages"][0].get("revisions")
    assert after == before
