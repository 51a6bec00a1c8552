"""`bvr wiki install`: every page file of a language set reaches the wiki, a second run edits
nothing, template pages are protected when the bot may protect (R-7.2 report form)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.install import pages
from bot.install.cli import wiki as wiki_group
from bvr.commands.common import Context
from bvr.config import Config
from bvr.errors import BvrError
from bvr.i18n import LANGUAGES
from bvr.services.core import Core
from testbed.mediawiki import BOT_GRANTS, BotPassword, WikiFarm
from testbed.pywikibot_dir import PywikibotEnv, write_pywikibot_dir

ROOT = Path(__file__).parents[3]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_R_7_2_every_language_has_form_template_and_preload(lang: str) -> None:
    found = pages.load(Config(), lang)
    titles = {page.title for page in found}
    assert any("<inputbox>" in page.text and "type=create" in page.text
               and "prefix=BVR-melding/" in page.text for page in found)
    assert any(title.startswith("Template:") and title.endswith("/preload") for title in titles)
    assert all("@@" not in page.text for page in found)
    assert {page.title for page in found if page.protect} == {
        t for t in titles if t.startswith("Template:")}


def test_file_path_is_the_title_and_unknown_placeholders_are_refused(tmp_path: Path) -> None:
    (tmp_path / "nl" / "Project:Iets").mkdir(parents=True)
    (tmp_path / "nl" / "Project:Iets" / "Sub.wiki").write_text("@@association@@",
                                                               encoding="utf-8")
    (tmp_path / "nl" / "notes.txt").write_text("not a page", encoding="utf-8")
    [page] = pages.load(Config(), "nl", tmp_path)
    assert (page.title, page.text) == ("Project:Iets/Sub", "Wikimedia Nederland")
    (tmp_path / "nl" / "Bad.wiki").write_text("@@nonsense@@", encoding="utf-8")
    with pytest.raises(BvrError, match="nonsense"):
        pages.load(Config(), "nl", tmp_path)


@pytest.mark.mediawiki
def test_R_7_2_install_is_idempotent(wiki_core: Core) -> None:
    # wiki_core installed the nl set already; English next to it, twice.
    def run() -> dict[str, list[str]]:
        result = CliRunner().invoke(wiki_group,
                                    ["install", "--lang", "en", "--json", "--no-protect"],
                                    obj=Context(_core=wiki_core), catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return dict(json.loads(result.stdout[result.stdout.index("{"):]))

    run()
    again = run()
    english = sorted(page.title for page in pages.load(wiki_core.config, "en"))
    # Interface messages need `editinterface`, which the test bed's bot lacks on purpose.
    assert again["written"] == []
    assert sorted(again["unchanged"] + again["unwritable"]) == english


@pytest.mark.mediawiki
def test_R_7_2_template_pages_are_protected_with_the_protect_grant(
        wiki_core: Core, wiki_farm: WikiFarm, pywikibot_env: PywikibotEnv,
        tmp_path: Path) -> None:
    wiki = wiki_farm["nl"]
    login, password = wiki.create_bot_password("BvrBot", "bvrinstall",
                                               (*BOT_GRANTS, "protect"))
    directory = write_pywikibot_dir(tmp_path / "pwb", wiki_farm.wikis.values(),
                                    BotPassword("BvrBot", "bvrinstall", password))
    family = pywikibot_env.family("nl")
    (tmp_path / "bvr.toml").write_text(f'[wiki]\nfamily = "{family}"\ncode = "{family}"\n',
                                       encoding="utf-8")
    env = pywikibot_env.environ()
    env.update({"PYWIKIBOT_DIR": str(directory), "BVR_CONFIG": str(tmp_path / "bvr.toml"),
                "PYTHONPATH": str(ROOT)})
    code = "from bot.install.cli import wiki; wiki(['install', '--lang', 'sv', '--json'])"
    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert login.endswith("@bvrinstall")
    info = wiki.api(action="query", titles="Template:BVR-anmälan", prop="info",
                    inprop="protection")["query"]["pages"][0]
    assert {(p["type"], p["level"]) for p in info["protection"]} == {
        ("edit", "sysop"), ("move", "sysop")}
