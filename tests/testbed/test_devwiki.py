"""`devwiki up|status|down` in fresh processes, as a developer runs it."""

from __future__ import annotations

import mailbox
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from testbed.cli import load_state
from testbed.mediawiki import ADMIN, LocalWiki, missing_prerequisite
from testbed.ports import free_port, is_listening

pytestmark = [pytest.mark.mediawiki, pytest.mark.slow]


def devwiki(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "testbed.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def devwiki_dir(tmp_path: Path) -> Iterator[Path]:
    if missing_prerequisite():
        pytest.skip(f"test bed unavailable: {missing_prerequisite()}")
    directory = tmp_path / "devwiki"
    yield directory
    devwiki("down", "--dir", str(directory))


def test_up_status_down(devwiki_dir: Path) -> None:
    port, smtp_port = free_port(), free_port()
    where = ["--dir", str(devwiki_dir)]

    started = devwiki("up", *where, "--port", str(port), "--smtp-port", str(smtp_port))
    assert started.returncode == 0, started.stderr
    assert f"http://127.0.0.1:{port}/index.php" in started.stdout
    assert "BvrBot@bvr" in started.stdout
    assert stat_mode(devwiki_dir / "pywikibot" / "user-password.py") == 0o600
    assert stat_mode(devwiki_dir / "devwiki.json") == 0o600

    status = devwiki("status", *where)
    assert status.returncode == 0
    assert status.stdout.strip().endswith("answering)")

    again = devwiki("up", *where)
    assert again.returncode == 0
    assert load_state(devwiki_dir) is not None

    wiki = LocalWiki(devwiki_dir / "wiki", "nl", port, smtp_port=smtp_port)
    with wiki.login(ADMIN.name, ADMIN.password) as admin:
        admin.post_with_token(action="emailuser", target="BvrBot", subject="Dev", text="Hoi")
    assert [m["Subject"] for m in mailbox.Maildir(devwiki_dir / "mail")] == ["Dev"]

    # Issue 10: the bot works right after `up`, as the printed lines say (it failed with
    # UnknownFamilyError): source env.sh, then `bvr wiki install` and `bvr intake`.
    env_sh = devwiki_dir / "env.sh"
    assert f". {env_sh}" in started.stdout and stat_mode(env_sh) == 0o600
    for command in ("bvr wiki install --json", "bvr intake --once --json"):
        assert command.removesuffix(" --json") in started.stdout
        ran = subprocess.run(["bash", "-c", f". {env_sh} && {sys.executable} -m bvr "
                              + command.removeprefix("bvr ")], capture_output=True,
                             text=True, timeout=180, check=False, cwd=devwiki_dir)
        assert ran.returncode == 0, ran.stderr[-2000:]
        assert "{" in ran.stdout

    stopped = devwiki("down", *where)
    assert (stopped.returncode, stopped.stdout.strip()) == (0, "devwiki stopped")
    assert not is_listening(port)
    assert not is_listening(smtp_port)
    assert devwiki("status", *where).returncode == 1


def test_errors_are_one_line(devwiki_dir: Path) -> None:
    with_busy_port = free_port()
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", with_busy_port))
        blocker.listen()
        result = devwiki("up", "--dir", str(devwiki_dir), "--port", str(with_busy_port))
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        f"Error: port {with_busy_port} is in use; choose another with --port"
    ]
    assert "Traceback" not in result.stderr


def stat_mode(path: Path) -> int:
    return path.stat().st_mode & 0o777
