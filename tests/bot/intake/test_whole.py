"""Whole reports (issue 10, R-7.2): a report is kept whole up to the configured size, text
and raw copy each (the 200,000-character limit counted both together and cut a 112 kB report
to 99,940 characters); a larger one is refused on the wiki before it is saved (AbuseFilter
rule, message in the reader's language), and one that got past anyway keeps its first part
with the exact figures in the log."""

from __future__ import annotations

import logging
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.install.abusefilter import MESSAGE_KEY, size_rule
from bot.intake.job import fit
from bvr.config import Config, Intake
from bvr.services.core import Core
from bvr.services.reports import RAW_FACTOR
from testbed import reporter
from testbed.mediawiki import (
    BOT_GRANTS,
    SIZE_FILTER_MESSAGE,
    SIZE_FILTER_PATTERN,
    BotPassword,
    WikiFarm,
)
from testbed.pywikibot_dir import PywikibotEnv, write_pywikibot_dir

LIMIT = Intake().max_report_kb * 1024
ROOT = Path(__file__).parents[3]


def test_R_7_2_a_112_kB_report_is_kept_whole_in_text_and_raw_copy() -> None:
    text = ("Wat er gebeurde | }} <nowiki> --> ë 😀 " * 3000)[:112_000]
    raw = "{{BVR-melding\n| wat = " + text + "\n| taal = nl\n}}"
    kept_text, kept_raw = fit(text, raw, "Wikipedia", [], LIMIT)
    assert (kept_text, kept_raw) == (text, raw)


def test_R_7_2_default_limit_is_256_kB_of_text() -> None:
    assert LIMIT == 256 * 1024
    text = "x" * (LIMIT - len("here"))
    assert fit(text, text, "here", [], LIMIT) == (text, text)


def test_R_7_2_a_report_over_the_limit_is_clipped_with_exact_figures_in_the_log(
        caplog: pytest.LogCaptureFixture) -> None:
    text = "é" * LIMIT  # two bytes a character: twice the limit
    with caplog.at_level(logging.WARNING, logger="bvr.intake"):
        kept_text, kept_raw = fit(text, text, "", [], LIMIT, revid=42)
    assert len(kept_text.encode()) == LIMIT and kept_text == text[: LIMIT // 2]
    assert kept_raw == text  # the raw copy may be RAW_FACTOR times the limit
    line = caplog.records[-1].getMessage()
    assert f"text {2 * LIMIT} bytes (limit {LIMIT})" in line and "revision 42" in line
    assert f"limit {RAW_FACTOR * LIMIT}" in line and "é" not in line


def test_the_test_beds_size_filter_is_the_documented_rule() -> None:
    assert size_rule(Config()) == SIZE_FILTER_PATTERN
    assert SIZE_FILTER_MESSAGE == MESSAGE_KEY


@pytest.mark.mediawiki
@pytest.mark.parametrize(("lang", "words"), [("en", "too large"), ("nl", "te groot"),
                                             ("sv", "för stor")])
def test_R_7_2_a_report_over_the_limit_is_refused_on_the_wiki_before_it_is_saved(
        wiki_core: Core, wiki_farm: WikiFarm, make_person: Any, lang: str, words: str,
        pywikibot_env: PywikibotEnv, tmp_path: Path) -> None:
    _install_messages(wiki_farm, pywikibot_env, tmp_path)
    wiki = wiki_farm["nl"]
    person = make_person()
    title = reporter.new_title()
    form = reporter.preloaded(wiki, person.session, title)
    too_large = reporter.fill(form, wat="x" * (LIMIT + 1))
    # The message as the edit form shows it: the wiki's own message pages, in the reader's
    # language (the API shows local messages only when asked to).
    answer = person.session.http.post(wiki.api_url, data={
        "action": "edit", "title": title, "text": too_large, "createonly": 1,
        "uselang": lang, "errorformat": "plaintext", "errorsuselocal": 1, "format": "json",
        "formatversion": 2,
        "token": person.session.token()}, timeout=60).json()
    [error] = answer["errors"]
    assert error["code"] == "abusefilter-disallowed"
    assert words in error["text"] and "256 kB" in error["text"]
    assert not wiki.api(action="query", titles=title)["query"]["pages"][0].get("pageid")
    # Just under the limit is saved (and taken in whole by intake: the tests above).
    under = reporter.fill(form, wat="x" * (LIMIT - 1000))
    assert reporter.save(person.session, title, under)["result"] == "Success"


def _install_messages(wiki_farm: WikiFarm, pywikibot_env: PywikibotEnv, tmp_path: Path) -> None:
    """`bvr wiki install` of every language set as a bot whose BotPassword has the
    `editinterface` grant (the session's bot lacks it on purpose: the footers tests need that),
    in a subprocess (pywikibot reads its account once per process). Once per wiki farm."""
    if id(wiki_farm) in _messages_installed:
        return
    wiki = wiki_farm["nl"]
    appid = f"msg{secrets.token_hex(3)}"
    _login, password = wiki.create_bot_password("BvrBot", appid, (*BOT_GRANTS, "editinterface"))
    directory = write_pywikibot_dir(tmp_path / "pwb", wiki_farm.wikis.values(),
                                    BotPassword("BvrBot", appid, password))
    family = pywikibot_env.family("nl")
    (tmp_path / "bvr.toml").write_text(f'[wiki]\nfamily = "{family}"\ncode = "{family}"\n',
                                       encoding="utf-8")
    env = pywikibot_env.environ()
    env.update({"PYWIKIBOT_DIR": str(directory), "BVR_CONFIG": str(tmp_path / "bvr.toml"),
                "PYTHONPATH": str(ROOT)})
    code = ("from bot.install.cli import wiki; "
            "wiki(['install', '--lang', 'nl', '--lang', 'en', '--lang', 'sv', '--json', "
            "'--no-protect'])")
    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT,
                            capture_output=True, text=True, timeout=180, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert '"unwritable": []' in result.stdout
    _messages_installed.add(id(wiki_farm))


_messages_installed: set[int] = set()
