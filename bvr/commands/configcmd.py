"""`bvr config show`: the effective configuration, without secrets; `bvr config check`: what
in it would leave someone unhelped (the configuration checks of `bvr doctor`)."""

from __future__ import annotations

import click

from bvr.commands.common import Context, pass_context, print_json
from bvr.i18n import translate


@click.group("config")
def config_group() -> None:
    """Inspect the configuration."""


@config_group.command()
@pass_context
def show(ctx: Context) -> None:
    """Print the effective configuration as JSON; secrets show only as set or not set."""
    print_json(ctx.config.public_dict())


@config_group.command()
@pass_context
def check(ctx: Context) -> None:
    """Check the configuration (emergency contacts and numbers); exit 1 on an error."""
    from bvr.doctor import Status, config_checks

    lang = ctx.lang
    checks = config_checks(ctx.config)
    for found in checks:
        label = translate(f"doctor-status-{found.status.value}", lang)
        click.echo(f"[{label}] {found.found.text(lang)}")
        if found.fix is not None:
            click.echo(f"    {translate('doctor-fix', lang)}: {found.fix.text(lang)}")
    if any(found.status is Status.ERROR for found in checks):
        raise click.exceptions.Exit(1)
