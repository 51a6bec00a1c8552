"""Bringing a database to the current schema with Alembic (never `create_all`)."""

from __future__ import annotations

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
    """The revisions a database at the newest schema records.

    Features may add migrations on branches of their own; every head must be applied. A head
    that a revision of another branch `depends_on` is applied with it, and Alembic records
    only the dependent revision, so such a head is left out here too."""
    script = ScriptDirectory.from_config(_alembic_config())
    heads = set(script.get_heads())
    implied = {revision.revision for head in heads
               for revision in script.iterate_revisions(head, "base")
               if revision.revision != head}
    return frozenset(heads - implied)


def describe(revisions: frozenset[str]) -> str:
    return ", ".join(sorted(revisions)) or "-"


def is_current(database: Database) -> bool:
    return current_revisions(database) == head_revisions()
