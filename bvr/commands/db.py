"""`bvr db`: create or upgrade the database schema (Alembic)."""

from __future__ import annotations

import click

from bvr.commands.common import Context, pass_context, say
from bvr.storage import schema


@click.group()
def db() -> None:
    """Create, upgrade or inspect the database."""


@db.command()
@click.option("--dry-run", is_flag=True, help="Say which schema it would be brought to.")
@pass_context
def upgrade(ctx: Context, dry_run: bool) -> None:
    """Bring the database to the newest schema (creates it when new)."""
    if dry_run:
        say(ctx, "core-db-would-upgrade", head=schema.describe(schema.head_revisions()),
            current=schema.describe(schema.current_revisions(ctx.core.database)))
        return
    schema.upgrade(ctx.core.database)
    say(ctx, "core-db-upgraded",
        revision=schema.describe(schema.current_revisions(ctx.core.database)))


@db.command()
@pass_context
def status(ctx: Context) -> None:
    """Show the schema revision of the database and whether it is current."""
    current = schema.current_revisions(ctx.core.database)
    key = "core-db-current" if current == schema.head_revisions() else "core-db-not-current"
    say(ctx, key, revision=schema.describe(current))
