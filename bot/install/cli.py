"""`bvr wiki install`: write the report form, the report template and the other page files
of `templates_wiki/<lang>/` to the association wiki (idempotent; templates protected)."""

from __future__ import annotations

import click

from bot.install import gadget, pages, writer
from bvr import intake_key
from bvr.commands.common import Context, pass_context, print_json, say
from bvr.i18n import LANGUAGES, translate


@click.group()
def wiki() -> None:
    """The association wiki's pages of the policy."""


@wiki.command()
@click.option("--lang", "langs", multiple=True, type=click.Choice(LANGUAGES),
              help="Language set(s) to install [default: the configured language].")
@click.option("--dry-run", is_flag=True, help="Show what would be done; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@pass_context
def install(ctx: Context, langs: tuple[str, ...], dry_run: bool, as_json: bool) -> None:
    """Write the pages in templates_wiki/<lang>/ to the wiki; protect the templates."""
    from bot.site import connect

    config = ctx.config
    site = connect(config)
    files = [page for lang in (langs or (config.language,))
             for page in pages.load(config, lang)]
    # The sealed report gadget (ADR 0005): written only with an intake key and the rights.
    sealing = gadget.plan(site, config, intake_key.keys_from_env())
    files += sealing.pages
    done = writer.install(site, files,
                          translate("intake-install-edit-summary", config.language),
                          translate("intake-install-protect-reason", config.language),
                          dry_run)
    if as_json:
        print_json({"dry_run": dry_run, "written": done.written,
                    "unchanged": done.unchanged, "protected": done.protected,
                    "unprotected": done.unprotected, "unwritable": done.unwritable,
                    "gadget": sealing.skipped[0] if sealing.skipped else "installed"})
        return
    if sealing.skipped:
        say(ctx, sealing.skipped[0], **sealing.skipped[1])
    for key, titles in (("intake-install-written", done.written),
                        ("intake-install-unchanged", done.unchanged),
                        ("intake-install-protected", done.protected)):
        for title in titles:
            say(ctx, key, title=title)
    if done.unprotected:
        say(ctx, "intake-install-cannot-protect", titles=", ".join(done.unprotected))
    if done.unwritable:
        say(ctx, "intake-install-cannot-edit-interface", titles=", ".join(done.unwritable))
    if dry_run:
        say(ctx, "intake-install-dry-run")
    say(ctx, "intake-install-summary", written=len(done.written),
        unchanged=len(done.unchanged), protected=len(done.protected))
