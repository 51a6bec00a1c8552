"""`bvr wiki install`: write the report form, the report template and the other page files
of `templates_wiki/<lang>/` to the association wiki (idempotent; templates protected)."""

from __future__ import annotations

import click

from bot.install import gadget, pages, policy, writer
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
@click.option("--no-protect", is_flag=True,
              help="Accept template pages left unprotected (the bot may not protect).")
@pass_context
def install(ctx: Context, langs: tuple[str, ...], dry_run: bool, as_json: bool,
            no_protect: bool) -> None:
    """Write the pages in templates_wiki/<lang>/ to the wiki; protect the templates.

    Exit status 1 when a template page stays unprotected, unless --no-protect."""
    from bot.site import connect

    config = ctx.config
    site = connect(config)
    files = [page for lang in (langs or (config.language,))
             for page in pages.load(config, lang)]
    policy_page = policy.missing_policy_page(site, config)
    if policy_page is not None:
        files.insert(0, policy_page)  # created once, never overwritten
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
    else:
        if sealing.skipped:
            say(ctx, sealing.skipped[0], **sealing.skipped[1])
        _print(ctx, done, dry_run)
    if done.unprotected and not no_protect:
        # Unprotected templates let anyone change the report form: not a success.
        raise click.ClickException(translate("intake-install-cannot-protect", ctx.lang,
                                             titles=", ".join(done.unprotected)))


def _print(ctx: Context, done: writer.Installed, dry_run: bool) -> None:
    """Per page what was (or, in a dry run, would be) done, then the totals."""
    written, protected, summary = (
        ("operator-install-would-write", "operator-install-would-protect",
         "operator-install-would-summary") if dry_run else
        ("intake-install-written", "intake-install-protected", "intake-install-summary"))
    for key, titles in ((written, done.written), ("intake-install-unchanged", done.unchanged),
                        (protected, done.protected)):
        for title in titles:
            say(ctx, key, title=title)
    if done.unwritable:
        say(ctx, "intake-install-cannot-edit-interface", titles=", ".join(done.unwritable))
    say(ctx, summary, written=len(done.written), unchanged=len(done.unchanged),
        protected=len(done.protected))
