"""`bvr demo` end to end, as a new user runs it: from a clean directory, in a fresh process,
on the test bed (Debian's MediaWiki, headless Chromium where it exists). The case it prints is
then found on the case desk through HTTP with the printed login, and `bvr demo --down` leaves
no process of it running."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from testbed import browser
from testbed.mediawiki import missing_prerequisite
from testbed.ports import free_port, is_listening
from testbed.processes import cmdline

pytestmark = [pytest.mark.mediawiki, pytest.mark.slow]

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
LOGIN = re.compile(r"log in as “(.+?)” with the password “(.+?)”, "
                   r"then unlock with the passphrase “(.+?)”")
REPORT_WORDS = ("laughed at", "uitgelachen")  # the demo report, English or Dutch


def bvr(directory: Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BVR_LANG": "en"}
    for name in ("BVR_CONFIG", "BVR_DATABASE_URL", "BVR_BLIND_INDEX_KEY", "BVR_INTAKE_KEY",
                 "PYWIKIBOT_DIR"):
        env.pop(name, None)
    return subprocess.run([sys.executable, "-m", "bvr", "demo", "--directory", str(directory),
                           *args], env=env, cwd=directory.parent, capture_output=True,
                          text=True, timeout=timeout, check=False)


def desk_page(url: str, name: str, password: str, passphrase: str) -> requests.Response:
    """The case page, through the desk's login and unlock forms, as a person would."""
    base = url.split("/desk/", maxsplit=1)[0]
    with requests.Session() as browser:
        form = browser.get(f"{base}/desk/login", timeout=30)
        answer = browser.post(f"{base}/desk/login", timeout=30, data={
            "username": name, "password": password,
            "csrf_token": TOKEN.search(form.text).group(1)})  # type: ignore[union-attr]
        assert answer.url.endswith("/desk/unlock"), answer.status_code
        answer = browser.post(answer.url, timeout=60, data={
            "passphrase": passphrase,
            "csrf_token": TOKEN.search(answer.text).group(1)})  # type: ignore[union-attr]
        assert answer.status_code == 200
        return browser.get(url, timeout=30)


def running(pid: int | None, marker: str) -> bool:
    return pid is not None and marker in cmdline(pid)


def test_demo_runs_the_main_job_then_down_stops_every_process(tmp_path: Path) -> None:
    if missing_prerequisite():
        pytest.skip(f"test bed unavailable: {missing_prerequisite()}")
    directory = tmp_path / "demo"
    ports = [free_port() for _ in range(3)]
    started = time.monotonic()
    try:
        ran = bvr(directory, "--wiki-port", str(ports[0]), "--mail-port", str(ports[1]),
                  "--desk-port", str(ports[2]))
        took = time.monotonic() - started
        assert ran.returncode == 0, ran.stdout + ran.stderr[-3000:]
        out = ran.stdout
        print(out, f"\nbvr demo took {took:.1f} s")
        sealed = browser.missing_browser() is None
        assert ("sealed in the browser" in out) == sealed, out
        number = re.search(r"into case file (\S+) and removed the page “([^”]+)”", out)
        assert number is not None, out
        case, title = number.groups()
        url = re.search(r"Case desk: (\S+)", out).group(1)  # type: ignore[union-attr]
        assert url == f"http://127.0.0.1:{ports[2]}/desk/case/{case}"
        name, password, passphrase = LOGIN.search(out).groups()  # type: ignore[union-attr]

        # The page is gone from the wiki, and intake's line names the case, nothing more.
        wiki_api = f"http://127.0.0.1:{ports[0]}/api.php"
        pages = requests.get(wiki_api, timeout=30, params={
            "action": "query", "titles": title, "format": "json",
            "formatversion": "2"}).json()["query"]["pages"]
        assert pages[0].get("missing") is True
        lines = (directory / "intake.log").read_text(encoding="utf-8").splitlines()
        handled = [json.loads(line) for line in lines if line.startswith("{")]
        assert [line["case"] for line in handled] == [case]
        assert handled[0]["told"] == "sent" and "hidden" in handled[0]["steps"]
        logs = "".join(p.read_text(encoding="utf-8") for p in directory.glob("*.log"))
        assert not any(word in logs for word in REPORT_WORDS)
        for secret in ("intake-key", "demo.json", "bvr.sqlite3", "env.sh", "devwiki.json"):
            assert (directory / secret).stat().st_mode & 0o777 == 0o600, secret

        # The case is on the desk, for the login printed.
        page = desk_page(url, name, password, passphrase)
        assert page.status_code == 200 and case in page.text
        assert any(word in page.text for word in REPORT_WORDS)  # the director reads it
    finally:
        pids = json.loads((directory / "demo.json").read_text()) \
            if (directory / "demo.json").exists() else {}
        wiki = json.loads((directory / "devwiki.json").read_text()) \
            if (directory / "devwiki.json").exists() else {}
        down = bvr(directory, "--down", timeout=120)
    assert down.returncode == 0, down.stderr
    assert "is stopped" in down.stdout
    assert not running(pids.get("intake_pid"), "intake --watch")
    assert not running(pids.get("desk_pid"), f"serve --port {ports[2]}")
    assert not running(wiki.get("wiki_pid"), f"-S 127.0.0.1:{ports[0]}")
    assert not running(wiki.get("smtp_pid"), "testbed.smtp")
    assert not any(is_listening(port) for port in ports)
    assert "No demo runs" in bvr(directory, "--down", timeout=120).stdout
