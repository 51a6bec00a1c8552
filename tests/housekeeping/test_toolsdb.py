"""The ToolsDB URL follows Toolforge's conventions: credentials from the environment, else
from ~/replica.my.cnf; the database named after the credential user."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from bvr.errors import BvrError
from bvr.storage import toolsdb


def test_credentials_from_the_environment_come_first(tmp_path: Path) -> None:
    (tmp_path / "replica.my.cnf").write_text("[client]\nuser = s1\npassword = file\n")
    env = {"TOOL_TOOLSDB_USER": "s52788", "TOOL_TOOLSDB_PASSWORD": "p@ss:w/rd"}
    url = make_url(toolsdb.url(environ=env, home=tmp_path))
    assert (url.username, url.password, url.host, url.database) == (
        "s52788", "p@ss:w/rd", "tools.db.svc.wikimedia.cloud", "s52788__bvr")
    assert url.query["charset"] == "utf8mb4"


def test_replica_my_cnf_when_the_environment_has_none(tmp_path: Path) -> None:
    (tmp_path / "replica.my.cnf").write_text("[client]\nuser = 's12345'\npassword = 'secret'\n")
    url = make_url(toolsdb.url("cases", environ={}, home=tmp_path))
    assert (url.username, url.password, url.database) == ("s12345", "secret", "s12345__cases")


def test_missing_credentials_say_where_to_put_them(tmp_path: Path) -> None:
    with pytest.raises(BvrError, match="TOOL_TOOLSDB_USER"):
        toolsdb.url(environ={}, home=tmp_path)


@pytest.mark.parametrize("suffix", ["", "bvr; DROP", "a" * 41, "bvr-db"])
def test_hostile_database_names_are_refused(suffix: str) -> None:
    with pytest.raises(BvrError):
        toolsdb.database_name("s1", suffix)


def test_database_url_toolsdb_uses_toolforges_own_credentials(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from bvr.config import Config

    monkeypatch.setenv("BVR_DATABASE_URL", "toolsdb")
    monkeypatch.setenv("TOOL_TOOLSDB_USER", "s52788")
    monkeypatch.setenv("TOOL_TOOLSDB_PASSWORD", "pw")
    assert make_url(Config().database_url()).database == "s52788__bvr"
