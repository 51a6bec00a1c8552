"""The database URL for ToolsDB, Toolforge's shared MariaDB, by Toolforge's own conventions.

Toolforge gives every tool credentials in two places: the environment variables
`TOOL_TOOLSDB_USER` / `TOOL_TOOLSDB_PASSWORD`, and the file `~/replica.my.cnf` (section
`[client]`, keys `user` and `password`). A tool's databases must be named after that user with
a double underscore (`s12345__bvr`). The `toolforge` library's `toolsdb()` helper follows the same
rules but hands out one PyMySQL connection; SQLAlchemy wants a URL so that it can open
connections per unit of work (ToolsDB closes idle ones), so this module builds that URL the
same way: environment first, then the file.

On Toolforge: `toolforge envvars create BVR_DATABASE_URL "$(python -m bvr.storage.toolsdb)"`
once, after `CREATE DATABASE s12345__bvr` (see docs/deployment.md). The URL holds the password,
so it is stored as a secret like the one it was made from, never written to a file.
"""

from __future__ import annotations

import configparser
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy.engine import URL

from bvr.errors import BvrError

TOOLSDB_HOST = "tools.db.svc.wikimedia.cloud"
ENV_USER = "TOOL_TOOLSDB_USER"
ENV_PASSWORD = "TOOL_TOOLSDB_PASSWORD"  # noqa: S105 (a variable name)
REPLICA_CNF = "replica.my.cnf"
_SUFFIX = re.compile(r"^[A-Za-z0-9_]{1,40}$")


def credentials(environ: Mapping[str, str] | None = None,
                home: Path | None = None) -> tuple[str, str]:
    """(user, password) from the environment, else from `~/replica.my.cnf`."""
    env = os.environ if environ is None else environ
    user, password = env.get(ENV_USER), env.get(ENV_PASSWORD)
    if user and password:
        return user, password
    cnf = (home or Path.home()) / REPLICA_CNF
    parser = configparser.ConfigParser(interpolation=None)
    if not parser.read(cnf, encoding="utf-8") or not parser.has_section("client"):
        raise BvrError("housekeeping-toolsdb-no-credentials", file=str(cnf))
    client = parser["client"]
    found_user, found_password = client.get("user"), client.get("password")
    if not found_user or not found_password:
        raise BvrError("housekeeping-toolsdb-no-credentials", file=str(cnf))
    # my.cnf values may be quoted.
    return found_user.strip("'\""), found_password.strip("'\"")


def database_name(user: str, suffix: str = "bvr") -> str:
    """ToolsDB's rule: a tool's database is `<credential user>__<suffix>`."""
    if not _SUFFIX.match(suffix):
        raise BvrError("housekeeping-toolsdb-bad-name", name=suffix)
    return f"{user}__{suffix}"


def url(suffix: str = "bvr", environ: Mapping[str, str] | None = None,
        home: Path | None = None, host: str = TOOLSDB_HOST) -> str:
    """The SQLAlchemy URL of the tool's database `suffix` on ToolsDB (PyMySQL, utf8mb4)."""
    user, password = credentials(environ, home)
    return URL.create("mysql+pymysql", username=user, password=password, host=host,
                      database=database_name(user, suffix),
                      query={"charset": "utf8mb4"}).render_as_string(hide_password=False)


def connect(suffix: str = "bvr") -> Any:
    """A new PyMySQL connection through the `toolforge` library's own helper, for
    `create_engine("mysql+pymysql://", creator=toolsdb.connect)` where a URL with the password
    in it is not wanted. Needs the `toolforge` extra (`pip install .[toolforge]`)."""
    import toolforge

    user, _password = credentials()
    return toolforge.toolsdb(database_name(user, suffix))


def main() -> None:
    """Print the URL, for `toolforge envvars create BVR_DATABASE_URL "$(...)"`."""
    print(url())  # the operator pipes it into a secret


if __name__ == "__main__":
    main()
