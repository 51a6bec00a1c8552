"""The browser tests' harness: the real app served on loopback, real headless Chromium.

- `live_site`: a fresh SQLite database with a director (local account, email, passphrase) and
  a board member BVR, notifications going to the test bed's SMTP capture, and the app from
  `webhook.create_app` served by werkzeug in a thread on a free loopback port. A thread rather
  than a gunicorn process keeps the suite fast and lets the test read the same `Core`; the
  benchmark (`benchmarks/web_intake.py`) is where gunicorn runs.
- `chromium`: Debian's Chromium (`/usr/bin/chromium`, or `$BVR_CHROMIUM`) launched headless
  once per session through Playwright. Missing, the tests skip naming what is missing; under
  CI (`CI` set) they fail instead, like every real-service fixture of the test bed.
- `visit`: opens a browser context (language, JavaScript, device) and its page; every page
  records console errors (a CSP violation shows there), uncaught script errors, server errors
  (5xx) and every URL it asked for, so a test can assert none of those went wrong.
- `shots`: one screenshot per step, kept under `$BVR_TEST_ARTIFACTS/browser/` when that is set,
  else in pytest's temporary directory; the directory is printed at the end of the run.
"""

from __future__ import annotations

import os
import secrets
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from werkzeug.serving import BaseWSGIServer, make_server

from bvr import vault
from bvr.config import ENV_SECRET_KEY
from bvr.services.core import Core
from bvr.storage import schema
from bvr.storage.db import Database
from testbed.browser import CHROMIUM, missing_browser
from testbed.ports import LOOPBACK, free_port, wait_until_listening
from testbed.pytest_plugin import _require
from testbed.smtp import SmtpCapture

from .harness import (
    ARTIFACTS_ENV,
    LiveSite,
    Screenshots,
    Visit,
    add_officers,
    site_config,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright, Response

_ARTIFACTS_KEY = pytest.StashKey[Path]()


def pytest_configure(config: pytest.Config) -> None:
    # Registered here rather than in pyproject.toml: only these tests use it.
    config.addinivalue_line(
        "markers", "browser: drives Debian's Chromium through Playwright (tests/webhook/browser)")


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    directory = config.stash.get(_ARTIFACTS_KEY, None)
    if directory is not None:
        terminalreporter.write_line(f"browser test screenshots: {directory}")


# Chromium logs every 4xx/5xx load as a console error, including a refused form's own page
# (a 400 the test expects): loads are judged by `_broken` instead.
_LOAD_FAILED = "Failed to load resource"


def _broken(response: Response) -> bool:
    """A server error anywhere, or a style sheet or image that did not load. Chromium asks
    every site for /favicon.ico on its own; the app has none, which says nothing."""
    if response.status >= 500:
        return True
    return (response.status >= 400 and response.request.resource_type != "document"
            and not response.url.endswith("/favicon.ico"))


# --- the browser ---------------------------------------------------------------------------

#: One Playwright per process: a second `sync_playwright()` in the same process fails. Other
#: test folders import these fixtures (tests/bot/sealed), which makes a second definition of
#: the same fixture; both share this one driver, and the first to start it stops it.
_DRIVER: list[Playwright] = []


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    _require(missing_browser())
    from playwright.sync_api import sync_playwright

    if _DRIVER:
        yield _DRIVER[0]
        return
    with sync_playwright() as driver:
        _DRIVER.append(driver)
        try:
            yield driver
        finally:
            _DRIVER.clear()


@pytest.fixture(scope="session")
def chromium(playwright_driver: Playwright) -> Iterator[Browser]:
    # Debian's build, never a Playwright download: the same browser CI installs with apt.
    browser = playwright_driver.chromium.launch(executable_path=str(CHROMIUM), headless=True)
    yield browser
    browser.close()


@pytest.fixture
def visit(chromium: Browser, playwright_driver: Playwright) -> Iterator[Callable[..., Visit]]:
    """`visit(locale="sv-SE", javascript=True, device=None)`: a fresh browser context (no
    cookies: a new visitor) and its page. `device` names a Playwright device descriptor."""
    opened: list[Visit] = []

    def open_visit(locale: str = "en-GB", javascript: bool = True,
                   device: str | None = None) -> Visit:
        options: dict[str, Any] = dict(playwright_driver.devices[device]) if device else {}
        # The descriptor names its own browser; here it is always Debian's Chromium.
        options.pop("default_browser_type", None)
        context = chromium.new_context(**options, locale=locale,
                                       java_script_enabled=javascript)
        context.set_default_timeout(10_000)
        page = context.new_page()
        seen = Visit(context, page)
        page.on("console", lambda m: seen.console_errors.append(f"{m.text} ({m.location})")
                if m.type == "error" and not m.text.startswith(_LOAD_FAILED) else None)
        page.on("pageerror", lambda e: seen.console_errors.append(str(e)))
        page.on("request", lambda r: seen.urls.append(r.url))
        page.on("response", lambda r: seen.load_errors.append(f"{r.status} {r.url}")
                if _broken(r) else None)
        opened.append(seen)
        return seen

    yield open_visit
    for seen in opened:
        seen.context.close()


# --- screenshots ---------------------------------------------------------------------------

@pytest.fixture(scope="session")
def artifacts_dir(request: pytest.FixtureRequest,
                  tmp_path_factory: pytest.TempPathFactory) -> Path:
    chosen = os.environ.get(ARTIFACTS_ENV)
    if chosen:
        directory = Path(chosen).resolve() / "browser"
        directory.mkdir(parents=True, exist_ok=True)
    else:
        directory = tmp_path_factory.mktemp("browser-artifacts")  # one per conftest that asks
    request.config.stash[_ARTIFACTS_KEY] = directory
    return directory


@pytest.fixture
def shots(artifacts_dir: Path, request: pytest.FixtureRequest) -> Screenshots:
    directory = artifacts_dir / request.node.name.replace("[", "-").replace("]", "")
    # A re-run replaces the screenshots of the previous run of the same test.
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    return Screenshots(directory)


# --- the served app ------------------------------------------------------------------------

@pytest.fixture
def live_site(tmp_path: Path, smtp_capture: SmtpCapture,
              monkeypatch: pytest.MonkeyPatch) -> Iterator[LiveSite]:
    from webhook import create_app
    from webhook.cli import QuietHandler

    monkeypatch.setenv(ENV_SECRET_KEY, secrets.token_hex(32))
    port = free_port()
    url = f"http://{LOOPBACK}:{port}"
    database_file = tmp_path / "bvr.sqlite3"
    database = Database(f"sqlite:///{database_file}")
    schema.upgrade(database)
    core = Core(site_config(smtp_capture, url), database, kdf_cost=vault.FAST_KDF_FOR_TESTS)
    add_officers(core)
    core.index_key  # noqa: B018 (read now, while this test's key is in the environment)
    smtp_capture.clear()

    server: BaseWSGIServer = make_server(LOOPBACK, port, create_app(core=core), threaded=True,
                                         request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="bvr-web", daemon=True)
    thread.start()
    try:
        assert wait_until_listening(port, timeout=10), f"the app did not listen on {url}"
        yield LiveSite(url, core, smtp_capture, database_file)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        database.dispose()
