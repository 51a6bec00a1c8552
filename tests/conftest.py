"""Shared fixtures: a core on a fresh database, SQLite and MariaDB alike.

Tests that take `core` run twice, once per database, because the protocol must hold on the
embedded default (SQLite) and on Toolforge's ToolsDB (MariaDB). The real services come from
the test bed (`testbed.pytest_plugin`).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bvr import vault
from bvr.config import ENV_BLIND_INDEX_KEY, ENV_CONFIG, ENV_DATABASE_URL, Config
from bvr.services.core import Core
from bvr.storage import schema
from bvr.storage.db import Database

pytest_plugins = ["testbed.pytest_plugin"]


class FrozenClock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No secret or configuration of the developer's shell leaks into a test."""
    for name in (ENV_DATABASE_URL, ENV_CONFIG, "BVR_LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(ENV_BLIND_INDEX_KEY, secrets.token_hex(32))


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(datetime(2026, 3, 14, 10, 0, tzinfo=UTC))


@pytest.fixture(params=["sqlite", pytest.param("mariadb", marks=pytest.mark.mariadb)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'bvr.sqlite3'}"
        return
    server = request.getfixturevalue("mariadb_server")
    name = f"bvr_{secrets.token_hex(6)}"
    yield server.create_database(name)
    server.drop_database(name)


@pytest.fixture
def core(database_url: str, clock: FrozenClock) -> Iterator[Core]:
    database = Database(database_url)
    schema.upgrade(database)
    yield Core(Config(), database, clock=clock, kdf_cost=vault.FAST_KDF_FOR_TESTS)
    database.dispose()
