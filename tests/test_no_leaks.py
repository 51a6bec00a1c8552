"""No secret leaks through files or headers (issue 15, item 6): what the program creates is
readable by its owner only, and the web service names no software versions."""

from __future__ import annotations

import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner
from werkzeug.serving import make_server

from bvr.cli import main
from bvr.storage import schema
from bvr.storage.db import Database
from webhook.cli import QuietHandler


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_sqlite_database_and_its_journals_are_private(tmp_path: Path) -> None:
    path = tmp_path / "new" / "bvr.sqlite3"
    database = Database(f"sqlite:///{path}")
    schema.upgrade(database)
    database.dispose()
    private = [p for p in path.parent.iterdir() if p.name.startswith("bvr.sqlite3")]
    assert path in private
    assert {p.name: _mode(p) for p in private} == {p.name: 0o600 for p in private}


def test_an_existing_world_readable_database_is_tightened(tmp_path: Path) -> None:
    path = tmp_path / "bvr.sqlite3"
    path.touch(mode=0o644)
    path.chmod(0o644)
    Database(f"sqlite:///{path}").dispose()
    assert _mode(path) == 0o600


def test_demo_writes_its_key_configuration_and_database_private(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch
                                                                ) -> None:
    monkeypatch.delenv("BVR_BLIND_INDEX_KEY")
    directory = tmp_path / "demo"
    result = CliRunner().invoke(main, ["demo", "--offline", "--directory", str(directory)])
    assert result.exit_code == 0, result.output
    for name in ("blind-index-key", "bvr.toml", "bvr.sqlite3"):
        assert _mode(directory / name) == 0o600, name


@pytest.fixture
def served() -> Iterator[str]:
    def app(_environ: object, start_response: object) -> list[bytes]:
        start_response("200 OK", [("Content-Type", "text/plain")])  # type: ignore[operator]
        return [b"ok"]

    server = make_server("127.0.0.1", 0, app, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.port}/"
    server.shutdown()


def test_bvr_serve_names_no_versions(served: str) -> None:
    server = requests.get(served, timeout=10).headers.get("Server", "")
    assert "Werkzeug" not in server and "Python" not in server and "/" not in server


def test_gunicorn_names_no_version() -> None:
    gunicorn = pytest.importorskip("gunicorn")
    # The Procfile's web service: gunicorn sends `Server: gunicorn`, without its version.
    assert gunicorn.SERVER == "gunicorn"
