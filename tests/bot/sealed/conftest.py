"""Fixtures for the sealed report (issue 10, ADR 0005): the browser fixtures of the case
desk's browser tests (Debian's Chromium through Playwright), an intake key for the session,
a page in a secure context holding the committed HPKE bundle, and the test bed's association
wiki with the gadget installed by `bvr wiki install` (run as the operator would)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from bot.install import gadget
from bvr import intake_key
from bvr.config import ENV_INTAKE_KEY
from bvr.services.core import Core
from testbed.mediawiki import BOT, BOT_GRANTS, BotPassword, WikiFarm
from testbed.pywikibot_dir import PywikibotEnv, write_pywikibot_dir
from tests.bot.intake.conftest import make_person, wiki_core  # noqa: F401 (fixtures)
from tests.webhook.browser.conftest import (  # noqa: F401 (fixtures, used by name)
    artifacts_dir,
    chromium,
    playwright_driver,
    shots,
    visit,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

ROOT = Path(__file__).parents[3]
VECTORS = Path(__file__).with_name("rfc9180-a1-1.json")
#: A loopback origin nothing listens on: Playwright answers it, and loopback is a secure
#: context, which WebCrypto needs.
ORIGIN = "http://127.0.0.1:9/"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: drives Debian's Chromium through Playwright (tests/webhook/browser)")


@pytest.fixture(scope="session")
def session_intake_key() -> intake_key.IntakeKey:
    return intake_key.new_key()


@pytest.fixture
def intake_env(session_intake_key: intake_key.IntakeKey,
               monkeypatch: pytest.MonkeyPatch) -> intake_key.IntakeKey:
    """$BVR_INTAKE_KEY set to the session's key for this test."""
    monkeypatch.setenv(ENV_INTAKE_KEY, intake_key.b64url(session_intake_key.private))
    return session_intake_key


@pytest.fixture
def core_page(chromium: Browser) -> Iterator[Page]:  # noqa: F811 (the fixture)
    """A blank page in a secure context with the committed bundle loaded."""
    context = chromium.new_context()
    page = context.new_page()
    page.route(ORIGIN, lambda route: route.fulfill(
        status=200, content_type="text/html", body="<!doctype html><title>t</title>"))
    page.goto(ORIGIN)
    page.add_script_tag(content=gadget.BUNDLE.read_text(encoding="utf-8"))
    assert page.evaluate("typeof bvrSealedCore") == "object"
    yield page
    context.close()


_installed: set[str] = set()


def install_gadget(core: Core, wiki_farm: WikiFarm, pywikibot_env: PywikibotEnv,
                   key: intake_key.IntakeKey, tmp_path: Path) -> dict[str, Any]:
    """`bvr wiki install` in its own process, as an operator runs it: the bot in the
    interface-admin group, a BotPassword with the grants the gadget pages need, the intake
    key in the environment. Once per session and wiki."""
    family = core.config.wiki.family
    wiki = wiki_farm["nl"]
    if family in _installed:
        return {}
    wiki.create_user(BOT.name, BOT.password, ("interface-admin",), exists=True)
    _login, password = wiki.create_bot_password(
        BOT.name, "bvrgadget", (*BOT_GRANTS, "protect", "editinterface", "editsiteconfig"))
    directory = write_pywikibot_dir(tmp_path / "pwb-gadget", wiki_farm.wikis.values(),
                                    BotPassword(BOT.name, "bvrgadget", password))
    (tmp_path / "bvr.toml").write_text(f'[wiki]\nfamily = "{family}"\ncode = "{family}"\n',
                                       encoding="utf-8")
    env = pywikibot_env.environ()
    env.update({"PYWIKIBOT_DIR": str(directory), "BVR_CONFIG": str(tmp_path / "bvr.toml"),
                "PYTHONPATH": str(ROOT), ENV_INTAKE_KEY: intake_key.b64url(key.private)})
    code = "from bot.install.cli import wiki; wiki(['install', '--lang', 'nl', '--json'])"

    def run() -> dict[str, Any]:
        result = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT,
                                capture_output=True, text=True, timeout=180, check=False)
        assert result.returncode == 0, result.stderr[-2000:]
        return dict(json.loads(result.stdout[result.stdout.index("{"):]))

    answer = run()
    assert answer["gadget"] == "installed", answer
    again = run()  # idempotent: the wiki keeps the pages as written (JSON page included)
    assert again["written"] == [] and gadget.DEFINITION in again["unchanged"], again
    _installed.add(family)
    return answer
