"""Reading a SQLite database without SQLAlchemy or Alembic, for `bvr stats` (issue 15: an
operator's quick command starts in a fraction of a second; importing SQLAlchemy, Alembic and
the models alone takes about a second).

Two things only: whether the database is at the newest schema (the revisions in
`alembic_version` against the heads of the migration scripts, read with `ast` instead of
Alembic importing every script), and the metadata the yearly figures count. Both read what
`bvr.storage.schema` and `bvr.services.stats.metadata` read, and tests keep them equal; on any
other database than SQLite the commands take the usual path.
"""

from __future__ import annotations

import ast
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote

from bvr.domain import CaseStatus, Category, SanctionType
from bvr.rules.figures import CaseDates

VERSIONS = Path(__file__).with_name("migrations") / "versions"


def sqlite_path(url: str) -> Path | None:
    """The file of a `sqlite:///...` URL (None for any other database or for memory)."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or "?" in url or url == prefix + ":memory:":
        return None
    return Path(unquote(url[len(prefix):]))


def head_revisions(versions: Path = VERSIONS) -> frozenset[str]:
    """As `bvr.storage.schema.head_revisions`: the heads, less those another head depends on
    (or descends from)."""
    graph: dict[str, tuple[str, ...]] = {}  # revision -> what it comes after or depends on
    below: set[str] = set()
    for script in versions.glob("*.py"):
        values = _assignments(script)
        revision = values.get("revision")
        if not isinstance(revision, str):
            continue
        down, depends = _names(values.get("down_revision")), _names(values.get("depends_on"))
        graph[revision] = (*down, *depends)
        below.update(down)
    heads = set(graph) - below
    implied: set[str] = set()
    for head in heads:
        stack = list(graph[head])
        while stack:
            revision = stack.pop()
            if revision not in implied:
                implied.add(revision)
                stack.extend(graph.get(revision, ()))
    return frozenset(heads - implied)


def _assignments(script: Path) -> dict[str, object]:
    values: dict[str, object] = {}
    for node in ast.parse(script.read_text(encoding="utf-8")).body:
        target, value = (node.targets[0], node.value) if isinstance(node, ast.Assign) else \
            (node.target, node.value) if isinstance(node, ast.AnnAssign) else (None, None)
        if isinstance(target, ast.Name) and value is not None:
            try:
                values[target.id] = ast.literal_eval(value)
            except ValueError:
                continue
    return values


def _names(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(str(v) for v in value)  # type: ignore[attr-defined]


def current_revisions(path: Path) -> frozenset[str]:
    """The revisions recorded in the file (empty when it does not exist: nothing is made)."""
    if not path.is_file():
        return frozenset()
    with closing(_connect(path)) as connection:
        try:
            return frozenset(row[0] for row in connection.execute(
                "SELECT version_num FROM alembic_version"))
        except sqlite3.OperationalError:  # no such table: never migrated
            return frozenset()


def case_metadata(path: Path) -> tuple[tuple[CaseDates, ...],
                                       tuple[tuple[datetime, SanctionType], ...],
                                       tuple[datetime, ...]]:
    """Cases, sanctions and appeals as `bvr.services.stats.metadata` reads them."""
    with closing(_connect(path)) as connection:
        cases = tuple(CaseDates(_utc(received), _when(taken), _when(closed),
                                Category(category) if category else None,
                                CaseStatus(status))
                      for received, taken, closed, category, status in connection.execute(
                          "SELECT received_at, taken_into_handling_at, closed_at, category, "
                          "status FROM case_file"))
        decided = tuple((_utc(at), SanctionType(kind)) for at, kind in connection.execute(
            "SELECT decided_at, type FROM sanction"))
        appeals = tuple(_utc(at) for (at,) in connection.execute(
            "SELECT filed_at FROM appeal"))
    return cases, decided, appeals


def _connect(path: Path) -> sqlite3.Connection:
    # Read-only: a quick look must never create or change the file.
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _utc(stored: str) -> datetime:
    """SQLAlchemy's SQLite DateTime text (naive UTC, as `UtcDateTime` writes it), aware."""
    return datetime.fromisoformat(stored).replace(tzinfo=UTC)


def _when(stored: str | None) -> datetime | None:
    return None if stored is None else _utc(stored)
