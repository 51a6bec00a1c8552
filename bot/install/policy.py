"""The policy page, which the form, the footer and the boxes link to: `bvr wiki install`
creates it when it is missing, and never overwrites it (the association edits it by hand).

Its first text is, in this order: a copy of `[wiki] policy_source_page` on the same wiki (say
the policy as adopted, kept elsewhere), `[wiki] policy_text`, or a stub naming the association
and linking the report form, for the association to fill in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.install.pages import PageFile
from bvr.config import Config
from bvr.errors import BvrError
from bvr.i18n import translate


def missing_policy_page(site: Any, config: Config) -> PageFile | None:
    """The policy page to create, or None when the wiki has it already."""
    import pywikibot

    wiki = config.wiki
    if pywikibot.Page(site, wiki.policy_page).exists():
        return None
    if wiki.policy_source_page:
        source = pywikibot.Page(site, wiki.policy_source_page)
        if not source.exists() or not source.text.strip():
            raise BvrError("operator-policy-source-missing", page=wiki.policy_source_page)
        text = source.text
    else:
        text = wiki.policy_text or translate("operator-policy-stub", config.language,
                                             association=config.association,
                                             form=wiki.report_form_page)
    return PageFile(wiki.policy_page, text, Path("<configuration>"))
