"""One footers run: the site-wide link, then every selected page, each edited at most once."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from bot.footers import interface, register, selection
from bot.footers.editor import Tally, apply
from bot.footers.plan import desired_text
from bvr.errors import BvrError
from bvr.i18n import translate
from bvr.services.core import Core


def update(site: Any, core: Core, *, dry_run: bool = False, site_link: bool = True,
           progress: Callable[[int], None] | None = None,
           on_total: Callable[[int], None] | None = None) -> Tally:
    """Bring every selected page (and the interface message) to what it should carry.

    The `editinterface` check comes first, so a missing grant stops the run before any page is
    touched rather than half-way; a dry run notes the refusal in `tally.refused` instead."""
    config = core.config
    settings = config.publishing
    lang = config.language
    tally = Tally()
    if site_link and settings.interface_message:
        try:
            interface.check_right(site, settings.interface_message)
        except BvrError as error:
            if not dry_run:
                raise
            # A dry run goes on to show the pages, and reports the refusal at the end.
            tally.refused.append(error.message)
            site_link = False
    events = register.event_pages(core)
    chosen = selection.select(site, settings, events)
    if on_total is not None:
        on_total(len(chosen) + int(site_link))
    summary = translate("publish-footer-summary", lang, policy=config.wiki.policy_page)
    if site_link and settings.interface_message:
        interface.ensure_site_link(
            site, settings.interface_message, config.wiki.policy_page,
            translate("publish-footer-link-label", lang), summary,
            dry_run=dry_run, tally=tally)
        if progress is not None:
            progress(1)
    for item in chosen:
        apply(item.page, partial(desired_text, needs=item.needs, lang=lang), summary,
              dry_run=dry_run, tally=tally)
        if progress is not None:
            progress(1)
    return tally
