"""Writing page files to the wiki idempotently: no edit when the text is the same, no
protection when already protected. Reads every page's text and protection in one request."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.install.pages import PageFile

PROTECTION = {"edit": "sysop", "move": "sysop"}


@dataclass
class Installed:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    protected: list[str] = field(default_factory=list)
    unprotected: list[str] = field(default_factory=list)  # the bot lacks the `protect` right
    unwritable: list[str] = field(default_factory=list)  # interface pages, no `editinterface`


def install(site: Any, pages: list[PageFile], summary: str, protect_reason: str,
            dry_run: bool = False) -> Installed:
    import pywikibot

    done = Installed()
    pages = [page.on(str(site.lang)) for page in pages]
    may_protect = bool(site.has_right("protect"))
    may_edit_interface = bool(site.has_right("editinterface"))
    current = _current(site, [p.title for p in pages])
    for page_file in pages:
        text, protections = current.get(_key(site, page_file.title), (None, {}))
        if text is not None and text.rstrip() == page_file.text.rstrip():
            done.unchanged.append(page_file.title)
        elif page_file.interface and not may_edit_interface:
            done.unwritable.append(page_file.title)
            continue
        else:
            if not dry_run:
                page = pywikibot.Page(site, page_file.title)
                page.text = page_file.text
                page.save(summary=summary, minor=False, bot=True, quiet=True)
            done.written.append(page_file.title)
        if page_file.protect and any(protections.get(k) != v for k, v in PROTECTION.items()):
            if not may_protect:
                done.unprotected.append(page_file.title)
                continue
            if not dry_run:
                site.protect(pywikibot.Page(site, page_file.title), protections=PROTECTION,
                             reason=protect_reason, expiry="infinite")
            done.protected.append(page_file.title)
    return done


def _key(site: Any, title: str) -> str:
    import pywikibot

    return str(pywikibot.Page(site, title).title())


def _current(site: Any, titles: list[str]) -> dict[str, tuple[str | None, dict[str, str]]]:
    """Title -> (current text or None, {action: level}) for every title, in one request."""
    answer = site.simple_request(action="query", formatversion=2, titles="|".join(titles),
                                 prop="revisions|info", rvprop="content", rvslots="main",
                                 inprop="protection").submit()
    found: dict[str, tuple[str | None, dict[str, str]]] = {}
    for page in answer.get("query", {}).get("pages", []):
        revisions = page.get("revisions") or []
        text = revisions[0].get("slots", {}).get("main", {}).get("content") if revisions \
            else None
        levels = {str(p["type"]): str(p["level"]) for p in page.get("protection", [])}
        found[str(page["title"])] = (text, levels)
    return found
