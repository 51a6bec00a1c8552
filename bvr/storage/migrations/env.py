"""Alembic environment: runs the migrations on the connection `bvr db upgrade` hands in."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from bvr.storage.registry import metadata


def run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=metadata(),
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `bvr db upgrade`, which provides the connection")
run(connection)
