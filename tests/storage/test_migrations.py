"""The Alembic migrations create exactly the schema the models describe, on every database."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from bvr.services.core import Core
from bvr.storage import schema
from bvr.storage.registry import metadata


def test_migrations_match_the_models(core: Core) -> None:
    assert schema.is_current(core.database)
    with core.database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        assert compare_metadata(context, metadata()) == []


def test_upgrade_twice_changes_nothing(core: Core) -> None:
    before = schema.current_revisions(core.database)
    schema.upgrade(core.database)
    assert schema.current_revisions(core.database) == before == schema.head_revisions()
