"""The site-wide policy link (R-3.2: every page, logged-in and logged-out readers alike), kept
in the interface message the configuration names.

Editing the MediaWiki namespace needs the `editinterface` right, which a sysop has but a
BotPassword only passes on with its "Edit the MediaWiki namespace" grant (`editinterface`): we
ask the wiki which rights this session really has before reading anything, and refuse with a
message that says what to grant. Messages that MediaWiki prints without parsing (the copyright
line) get an HTML link; parsed ones (a sitenotice) a wiki link.
"""

from __future__ import annotations

from typing import Any

from bot.footers.editor import Outcome, Tally, apply
from bot.footers.wikitext import ensure_policy_link, policy_link
from bvr.errors import BvrError

RIGHT = "editinterface"
# Printed with Message::text() (no wikitext parsing) by Skin::getCopyright.
UNPARSED = frozenset({"copyright", "history_copyright", "wikimedia-copyright"})
# MediaWiki's $wgRawHtmlMessages (1.39 defaults): editing them also needs `editsitejs`
# (interface administrators; the BotPassword grant "editsiteconfig"), else the wiki answers
# `siterawhtmlprotected` at the moment of saving.
RAW_HTML = frozenset({"copyright", "history_copyright", "googlesearch", "opensearch-desc",
                      "feedback-terms"})
RAW_HTML_RIGHT = "editsitejs"


def check_right(site: Any, message: str) -> None:
    """Refuse clearly, before any work, when this session cannot edit `message`."""
    if not site.has_right(RIGHT):
        raise BvrError("publish-no-editinterface", user=site.username(), page=message,
                       right=RIGHT)
    if message_key(site, message) in RAW_HTML and not site.has_right(RAW_HTML_RIGHT):
        raise BvrError("publish-no-editsitejs", user=site.username(), page=message,
                       right=RAW_HTML_RIGHT)


def message_key(site: Any, title: str) -> str:
    """`MediaWiki:Copyright` -> `copyright` (message keys start in lower case)."""
    import pywikibot

    page = pywikibot.Page(site, title)
    if page.namespace() != 8:
        raise BvrError("publish-not-interface-message", page=title)
    key = str(page.title(with_ns=False, underscore=True))
    return key[:1].lower() + key[1:]


def ensure_site_link(site: Any, title: str, policy_page: str, label: str, summary: str, *,
                     dry_run: bool, tally: Tally) -> Outcome:
    """Put the policy link into interface message `title` (its default text kept when the
    message was never edited locally)."""
    import pywikibot

    check_right(site, title)
    key = message_key(site, title)
    page = pywikibot.Page(site, title)
    if not page.exists():
        default = site.mediawiki_messages([key], lang=site.lang).get(key, "")
        page.text = "" if default in {"-", f"<{key}>", f"⧼{key}⧽"} else default
    html = key.lower() in UNPARSED
    target = pywikibot.Page(site, policy_page).full_url() if html else policy_page
    link = policy_link(target, label, html=html)
    return apply(page, lambda text: ensure_policy_link(text, link), summary,
                 dry_run=dry_run, tally=tally, create=True)
