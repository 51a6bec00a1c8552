"""`bvr stats` reads SQLite without SQLAlchemy (bvr.storage.quick, issue 15): the quick reader
finds the same schema heads as Alembic and the same metadata as the ORM, and the command
then loads neither SQLAlchemy nor Alembic."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from bvr.services import stats
from bvr.services.core import Core
from bvr.storage import quick, schema
from bvr.storage.db import Database
from tests.housekeeping.cases import in_handling, sanction
from tests.services.helpers import officers


def test_the_heads_read_from_the_scripts_are_alembics() -> None:
    assert quick.head_revisions() == schema.head_revisions()


def test_the_metadata_read_quickly_is_the_orms(core: Core) -> None:
    path = quick.sqlite_path(core.database.url)
    if path is None:
        pytest.skip("the quick reader reads SQLite only; MariaDB takes the usual path")
    officers(core)
    sanction(core, in_handling(core))
    in_handling(core, respondent="Other user")
    assert quick.current_revisions(path) == schema.head_revisions()
    assert stats.Metadata(*quick.case_metadata(path)) == stats.metadata(core)


def test_stats_loads_neither_sqlalchemy_nor_alembic(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'bvr.sqlite3'}"
    database = Database(url)
    schema.upgrade(database)
    database.dispose()
    env = {**os.environ, "BVR_DATABASE_URL": url, "BVR_BLIND_INDEX_KEY": secrets.token_hex(32)}
    code = ("import sys; from bvr.cli import main\n"
            "try: main(['stats', '--year', '2026', '--json'])\n"
            "except SystemExit: pass\n"
            "print('\\n'.join(sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, check=True, env=env)
    assert '"received": 0' in result.stdout
    loaded = {name.split(".")[0] for name in result.stdout.splitlines()}
    assert loaded.isdisjoint({"sqlalchemy", "alembic", "nacl", "cryptography"})


def test_stats_refuses_a_database_not_migrated_and_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "none.sqlite3"
    env = {**os.environ, "BVR_DATABASE_URL": f"sqlite:///{missing}", "BVR_LANG": "en"}
    result = subprocess.run([sys.executable, "-m", "bvr", "stats", "--year", "2026"],
                            capture_output=True, text=True, timeout=60, check=False, env=env)
    assert result.returncode == 1 and "bvr db upgrade" in result.stderr
    assert not missing.exists()
