"""`bvr wiki install` creates the policy page when it is missing, from the configured source
page or text, and never overwrites it (issue 15, item 8)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.install.cli import wiki as wiki_group
from bvr.commands.common import Context
from bvr.config import Config, Wiki
from bvr.services.core import Core
from bvr.storage.db import Database
from testbed.mediawiki import LocalWiki, WikiFarm
from testbed.pywikibot_dir import PywikibotEnv

pytestmark = pytest.mark.mediawiki


@pytest.fixture
def meta_core(tmp_path: Path, pywikibot_env: PywikibotEnv) -> Iterator[Core]:
    pywikibot_env.activate()
    family = pywikibot_env.family("meta")
    database = Database(f"sqlite:///{tmp_path / 'bvr.sqlite3'}")
    yield Core(replace(Config(), wiki=Wiki(family=family, code=family)), database)
    database.dispose()


def _text(wiki: LocalWiki, title: str) -> str | None:
    page = wiki.api(action="query", titles=title, prop="revisions", rvprop="content",
                    rvslots="main", formatversion=2)["query"]["pages"][0]
    return None if page.get("missing") else str(
        page["revisions"][0]["slots"]["main"]["content"])


def _install(core: Core, *args: str) -> str:
    result = CliRunner().invoke(wiki_group, ["install", "--no-protect", *args],
                                obj=Context(_core=core), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_policy_page_is_created_from_the_source_page_once(
        meta_core: Core, wiki_farm: WikiFarm) -> None:
    wiki = wiki_farm["meta"]
    policy = f"Policy {secrets.token_hex(3)}"
    source = f"Adopted policy {secrets.token_hex(3)}"
    with wiki.login(wiki_farm.admin.name, wiki_farm.admin.password) as admin:
        admin.post_with_token(action="edit", title=source, text="As adopted on 1 May.")
    meta_core.config = replace(meta_core.config, wiki=replace(
        meta_core.config.wiki, policy_page=policy, policy_source_page=source))

    assert f"{policy}: zou worden geschreven" in _install(meta_core, "--dry-run")
    assert _text(wiki, policy) is None
    _install(meta_core)
    assert _text(wiki, policy) == "As adopted on 1 May."
    with wiki.login(wiki_farm.admin.name, wiki_farm.admin.password) as admin:
        admin.post_with_token(action="edit", title=policy, text="Edited by hand.")
    _install(meta_core)
    assert _text(wiki, policy) == "Edited by hand."  # never overwritten


def test_policy_page_from_text_or_stub(meta_core: Core, wiki_farm: WikiFarm) -> None:
    wiki = wiki_farm["meta"]
    policy = f"Policy {secrets.token_hex(3)}"
    meta_core.config = replace(meta_core.config, wiki=replace(meta_core.config.wiki,
                                                               policy_page=policy))
    _install(meta_core)
    stub = _text(wiki, policy)
    assert stub is not None and "Wikimedia Nederland" in stub
    assert f"[[{meta_core.config.wiki.report_form_page}]]" in stub
    other = f"Policy {secrets.token_hex(3)}"
    meta_core.config = replace(meta_core.config, wiki=replace(
        meta_core.config.wiki, policy_page=other, policy_text="Our own words."))
    _install(meta_core)
    assert _text(wiki, other) == "Our own words."
