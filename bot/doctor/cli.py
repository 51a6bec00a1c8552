"""`bvr doctor`: check a deployment and say, per check, ok, warning or error, and the fix."""

from __future__ import annotations

import click

from bvr.commands.common import Context, pass_context, print_json
from bvr.doctor import Status, core_checks
from bvr.i18n import translate


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.option("--no-wiki", is_flag=True, help="Check only the core (no wiki requests).")
@pass_context
def doctor(ctx: Context, as_json: bool, no_wiki: bool) -> None:
    """Check a deployment: wiki, rights, extensions, email, secrets, database, keys.

    Exit status 1 when any check is an error."""
    config = ctx.config
    checks = core_checks(config)
    if not no_wiki:
        from bot.doctor.wiki import wiki_checks

        checks += wiki_checks(config)
    lang = ctx.lang
    errors = sum(check.status is Status.ERROR for check in checks)
    if as_json:
        print_json({"checks": [check.as_dict(lang) for check in checks], "errors": errors})
    else:
        for check in checks:
            label = translate(f"doctor-status-{check.status.value}", lang)
            click.echo(f"[{label}] {check.found.text(lang)}")
            if check.fix is not None:
                click.echo(f"    {translate('doctor-fix', lang)}: {check.fix.text(lang)}")
        click.echo(translate("doctor-summary", lang, num_errors=errors,
                             num_warnings=sum(c.status is Status.WARNING for c in checks)))
    if errors:
        raise click.exceptions.Exit(1)
