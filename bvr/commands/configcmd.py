"""`bvr config show`: the effective configuration, without secrets."""

from __future__ import annotations

import click

from bvr.commands.common import Context, pass_context, print_json


@click.group("config")
def config_group() -> None:
    """Inspect the configuration."""


@config_group.command()
@pass_context
def show(ctx: Context) -> None:
    """Print the effective configuration as JSON; secrets show only as set or not set."""
    print_json(ctx.config.public_dict())
