"""Pywikibot logs in to the local wikis with the BotPassword and edits.

In this process pywikibot is imported inside the test, after the `pywikibot_env` fixture set
`PYWIKIBOT_DIR`; the subprocess variant is how a fresh bot process sees the same directory.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from testbed import mediawiki
from testbed.mediawiki import WikiFarm
from testbed.pywikibot_dir import PywikibotEnv

pytestmark = pytest.mark.mediawiki


def _last_editor(wiki_farm: WikiFarm, name: str, title: str) -> tuple[str, str]:
    data = wiki_farm[name].api(
        action="query", prop="revisions", titles=title, rvprop="user|content"
    )
    revision = data["query"]["pages"][0]["revisions"][0]
    return revision["user"], revision["content"]


def test_pywikibot_edits_in_process(pywikibot_env: PywikibotEnv, wiki_farm: WikiFarm) -> None:
    import pywikibot

    site = pywikibot_env.site("nl")
    site.login()
    assert site.user() == "BvrBot"
    assert site.has_right("deleterevision")
    page = pywikibot.Page(site, "Testbed pywikibot")
    page.text = "Bewerkt door pywikibot."
    page.save(summary="test bed", quiet=True)
    assert _last_editor(wiki_farm, "nl", "Testbed pywikibot") == (
        "BvrBot",
        "Bewerkt door pywikibot.",
    )


def test_pywikibot_edits_from_a_fresh_process(
    pywikibot_env: PywikibotEnv, wiki_farm: WikiFarm
) -> None:
    family = pywikibot_env.family("wp")
    script = textwrap.dedent(
        f"""
        import pywikibot
        site = pywikibot.Site({family!r}, {family!r})
        site.login()
        page = pywikibot.Page(site, 'Testbed subprocess')
        page.text = 'Vanuit een apart proces.'
        page.save(summary='test bed', quiet=True)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=pywikibot_env.environ({"PYWIKIBOT_NO_USER_CONFIG": "2", "PATH": "/usr/bin:/bin"}),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert _last_editor(wiki_farm, "wp", "Testbed subprocess") == (
        "BvrBot",
        "Vanuit een apart proces.",
    )


def test_pywikibot_imported_before_the_fixture_still_works(
    pywikibot_env: PywikibotEnv, wiki_farm: WikiFarm, tmp_path: Path
) -> None:
    """Something imported pywikibot without a user-config first: `activate` patches it."""
    family = pywikibot_env.family("meta")
    script = textwrap.dedent(
        f"""
        import os
        from pathlib import Path
        os.environ['PYWIKIBOT_NO_USER_CONFIG'] = '2'
        import pywikibot
        from testbed.pywikibot_dir import activate
        activate(Path({str(pywikibot_env.directory)!r}))
        site = pywikibot.Site({family!r}, {family!r})
        site.login()
        page = pywikibot.Page(site, 'Testbed late activation')
        page.text = 'Laat geactiveerd.'
        page.save(summary='test bed', quiet=True)
        """
    )
    package_parent = Path(mediawiki.__file__).resolve().parent.parent
    environment = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(package_parent)}
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=environment,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert _last_editor(wiki_farm, "meta", "Testbed late activation") == (
        "BvrBot",
        "Laat geactiveerd.",
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == []
