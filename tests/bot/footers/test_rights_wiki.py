"""Footers with the bot's rights as they really are (R-3.2), each run as a bot account of
its own in a subprocess (pywikibot reads its account from `PYWIKIBOT_DIR` once per process):

- with the rights granted, the site-wide link goes into the interface message the
  configuration names and every page shows it to logged-out and logged-in readers alike; a
  second run edits nothing. MediaWiki:Copyright is one of MediaWiki's raw HTML messages, which
  also needs `editsitejs` (an interface administrator): without it, a clear error before any
  edit;
- a protected page the bot may not edit is reported as protected, and the other pages are
  done."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest

from testbed.mediawiki import WikiFarm
from testbed.pywikibot_dir import PywikibotEnv
from tests.bot.footers.helpers import footers_as, pages

pytestmark = pytest.mark.mediawiki

@pytest.mark.parametrize(("message", "groups", "grants"), [
    ("MediaWiki:Sitenotice", ("sysop",), ("editinterface",)),
    ("MediaWiki:Copyright", ("sysop", "interface-admin"), ("editinterface", "editsiteconfig")),
])
def test_R_3_2_the_policy_link_reaches_every_reader_through_the_interface_message(
        wiki_farm: WikiFarm, pywikibot_env: PywikibotEnv, tmp_path: Path, message: str,
        groups: tuple[str, ...], grants: tuple[str, ...]) -> None:
    wiki = wiki_farm["nl"]
    policy = f"Beleid Vriendelijke Ruimtes {secrets.token_hex(3)}"
    run = footers_as(wiki_farm, pywikibot_env, tmp_path, groups, grants,
                     policy=policy, interface_message=message)
    assert pages(run()) == {message: "edited"}
    readers = [wiki.session(), wiki.login(wiki_farm.admin.name, wiki_farm.admin.password)]
    try:
        for reader in readers:  # logged out, then logged in
            page = reader.http.get(wiki.index_url, params={"title": "Main_Page"}, timeout=30)
            assert page.status_code == 200
            assert policy.replace(" ", "_") in page.text or policy in page.text, message
    finally:
        for reader in readers:
            reader.close()
    assert pages(run()) == {message: "unchanged"}


def test_R_3_2_a_raw_html_message_without_editsitejs_is_a_clear_error_before_any_edit(
        wiki_farm: WikiFarm, pywikibot_env: PywikibotEnv, tmp_path: Path) -> None:
    wiki = wiki_farm["nl"]
    before = wiki.api(action="query", titles="MediaWiki:Copyright", prop="revisions",
                      rvprop="ids")["query"]["pages"][0].get("revisions")
    run = footers_as(wiki_farm, pywikibot_env, tmp_path, ("sysop",), ("editinterface",),
                     interface_message="MediaWiki:Copyright")
    result = run()
    assert result.returncode == 1
    assert "editsitejs" in result.stderr and "interface administrator" in result.stderr
    after = wiki.api(action="query", titles="MediaWiki:Copyright", prop="revisions",
                     rvprop="ids")["query"]["pages"][0].get("revisions")
    assert after == before


def test_R_3_2_a_protected_page_the_bot_may_not_edit_is_reported_and_the_rest_done(
        wiki_farm: WikiFarm, pywikibot_env: PywikibotEnv, tmp_path: Path) -> None:
    tag = secrets.token_hex(3)
    category = f"T5 Beschermd {tag}"
    open_page, locked = f"T5 Open {tag}", f"T5 Op slot {tag}"
    with wiki_farm["nl"].login(wiki_farm.admin.name, wiki_farm.admin.password) as admin:
        for title in (open_page, locked):
            admin.post_with_token(action="edit", title=title,
                                  text=f"Tekst.\n[[Category:{category}]]")
        admin.post_with_token(action="protect", title=locked, protections="edit=sysop",
                              expiry="infinite", reason="test")
    run = footers_as(wiki_farm, pywikibot_env, tmp_path, (), (), "--no-site-link",
                     footer_categories=(category,))  # a bot that is no sysop
    assert pages(run()) == {open_page: "edited", locked: "protected"}
    text = wiki_farm["nl"].api(action="query", prop="revisions", rvprop="content",
                               rvslots="main", titles=locked)["query"]["pages"][0]
    assert "BVR-voettekst" not in text["revisions"][0]["slots"]["main"]["content"]
