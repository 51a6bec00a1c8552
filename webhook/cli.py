"""Commands of the web service, registered on `bvr` by `bvr/cli.py`:

- `bvr serve`: run the public form and the case desk locally (Toolforge runs gunicorn on
  `webhook:create_app()`). The development server's request log would print client
  addresses; this one prints method, path and status only, so no IP address is written.
- `bvr desk-account NAME`: set a person's local case-desk password (prompted, never an
  argument, so it stays out of shell history).
"""

from __future__ import annotations

import logging

import click
from werkzeug.serving import WSGIRequestHandler, run_simple

from bvr.commands.common import Context, dry_run_option, pass_context, say
from bvr.config import Config
from bvr.errors import BvrError
from bvr.i18n import translate
from bvr.services import casework_accounts

log = logging.getLogger("bvr.serve")


class QuietHandler(WSGIRequestHandler):
    def address_string(self) -> str:
        return "-"

    def version_string(self) -> str:
        # Not `Werkzeug/3.x Python/3.x`: versions tell an attacker which flaws to try.
        return "BVR"


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@pass_context
def serve(ctx: Context, host: str, port: int) -> None:
    """Run the public report form and the case desk on HOST:PORT."""
    from webhook import create_app

    core = ctx.ready_core()
    warn_about_configuration(core.config)
    app = create_app(core=core)
    run_simple(host, port, app, threaded=True, request_handler=QuietHandler)


def warn_about_configuration(config: Config) -> None:
    """Say at start what `bvr config check` finds wrong (no emergency contacts, say): the
    service runs, but the operator must see that an emergency would reach nobody."""
    from bvr.doctor import Status, config_checks

    for found in config_checks(config):
        if found.status is not Status.OK:
            fix = f" {found.fix.text(config.language)}" if found.fix else ""
            log.warning("%s%s", found.found.text(config.language), fix)


@click.command("desk-account")
@click.argument("name")
@pass_context
@dry_run_option
def desk_account(ctx: Context, name: str) -> None:
    """Set NAME's local case-desk password (for wikis without OAuth, and development).

    The password is prompted for (twice), never taken as an argument."""
    password = click.prompt(translate("operator-password-prompt", ctx.lang, name=name),
                            hide_input=True)
    if click.prompt(translate("operator-password-repeat", ctx.lang), hide_input=True) \
            != password:
        raise click.ClickException(translate("operator-password-mismatch", ctx.lang))
    try:
        casework_accounts.set_local_password(ctx.ready_core(), name, password)
    except BvrError as error:
        raise click.ClickException(error.text(ctx.lang)) from None
    say(ctx, "web-cli-password-set", name=name)
