"""Bringing a database to the current schema with Alembic (never `create_all`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from bvr.storage.db import Database

MIGRATIONS = Path(__file__).parent / "migrations"


def _alembic_config() -> AlembicConfig:
    config = AlembicConfig(str(MIGRATIONS / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(database: Database, revision: str = "heads") -> None:
    config = _alembic_config()
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def current_revisions(database: Database) -> frozenset[str]:
    with database.engine.connect() as connection:
        return frozenset(MigrationContext.configure(connection).get_current_heads())


def head_revisions() -> frozenset[str]:
    # Features may add migrations on branches of their own; every head must be applied. A
    # head that another revision `depends_on` is not kept in alembic_version once the
    # dependent one is applied: Alembic records only the latter.
    script = ScriptDirectory.from_config(_alembic_config())
    needed = {dependency for revision in script.walk_revisions()
              for dependency in _as_tuple(revision.dependencies)}
    return frozenset(set(script.get_heads()) - needed)


def _as_tuple(value: str | Sequence[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def describe(revisions: frozenset[str]) -> str:
    return ", ".join(sorted(revisions)) or "-"


def is_current(database: Database) -> bool:
    return current_revisions(database) == head_revisions()
