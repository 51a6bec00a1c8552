"""A core configured for the local association wiki, page helpers, and the footers job run
as another bot account, for footers tests."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess
from typing import Any

from bvr.config import ENV_BLIND_INDEX_KEY, ENV_CONFIG, ENV_DATABASE_URL, Config, Publishing, Wiki
from bvr.services.core import Core
from bvr.storage import schema
from bvr.storage.db import Database
from testbed.mediawiki import BOT_GRANTS
from testbed.pywikibot_dir import other_bot_dir

ROOT = Path(__file__).parents[3]


def wiki_core(core: Core, pywikibot_env: Any, **publishing: Any) -> Core:
    """`core` pointed at the test bed's `nl` wiki, with these `[publishing]` settings."""
    pywikibot_env.activate()
    family = pywikibot_env.family("nl")
    core.config = dataclasses.replace(
        Config(), wiki=Wiki(family=family, code=family),
        publishing=Publishing(**{"footer_categories": (), "event_categories": (),
                                 "registration_categories": (), **publishing}))
    return core


def put(wiki_farm: Any, title: str, text: str) -> None:
    """Save `text` as the admin (someone other than the bot)."""
    with wiki_farm["nl"].login(wiki_farm.admin.name, wiki_farm.admin.password) as session:
        session.post_with_token(action="edit", title=title, text=text)


def text_of(wiki_farm: Any, title: str) -> str:
    data = wiki_farm["nl"].api(action="query", prop="revisions", rvprop="content",
                               rvslots="main", titles=title)
    return str(data["query"]["pages"][0]["revisions"][0]["slots"]["main"]["content"])


def revisions(wiki_farm: Any, title: str) -> int:
    data = wiki_farm["nl"].api(action="query", prop="revisions", rvprop="ids", rvlimit=50,
                               titles=title)
    return len(data["query"]["pages"][0].get("revisions", []))


def footers_as(wiki_farm: Any, pywikibot_env: Any, tmp_path: Path, groups: tuple[str, ...],
               grants: tuple[str, ...], *args: str, policy: str = "Beleid Vriendelijke Ruimtes",
               interface_message: str = "MediaWiki:Sitenotice",
               footer_categories: tuple[str, ...] = ()) -> Callable[[], CompletedProcess[str]]:
    """`bvr footers update --json ARGS` as a new bot account in `groups` with a BotPassword of
    `grants`, in a subprocess (pywikibot reads its account once per process); English errors.
    Returns the function that runs it."""
    directory = other_bot_dir(wiki_farm, tmp_path / "pwb", groups, (*BOT_GRANTS, *grants),
                              name="Footer bot")
    database_url = f"sqlite:///{tmp_path / 'bvr.sqlite3'}"  # the wiki side needs one database
    database = Database(database_url)
    schema.upgrade(database)
    database.dispose()
    family = pywikibot_env.family("nl")
    config = tmp_path / "bvr.toml"
    config.write_text(
        f'[wiki]\nfamily = "{family}"\ncode = "{family}"\npolicy_page = "{policy}"\n'
        f"[publishing]\nfooter_categories = {json.dumps(list(footer_categories))}\n"
        f"event_categories = []\nregistration_categories = []\n"
        f'interface_message = "{interface_message}"\n', encoding="utf-8")
    env = pywikibot_env.environ()
    env.update({"PYWIKIBOT_DIR": str(directory), ENV_CONFIG: str(config),
                ENV_DATABASE_URL: database_url, "BVR_LANG": "en",
                ENV_BLIND_INDEX_KEY: os.environ[ENV_BLIND_INDEX_KEY], "PYTHONPATH": str(ROOT)})

    def run() -> CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "bvr", "footers", "update", "--json",
                               *args], env=env, cwd=ROOT, capture_output=True, text=True,
                              timeout=180, check=False)
    return run


def pages(result: CompletedProcess[str]) -> dict[str, str]:
    """title -> outcome of a successful `footers update --json`."""
    assert result.returncode == 0, result.stderr[-2000:]
    return dict(json.loads(result.stdout[result.stdout.index("{"):])["pages"])
