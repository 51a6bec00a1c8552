"""Which pages need what: the configured categories, namespaces and title prefixes, read with
their text in batches (pywikibot generators with `content=True`: one request per batch of
pages, not one per page), merged per title so a page in two selections is treated once."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from bot.footers.plan import Needs
from bot.footers.register import EventPage
from bot.footers.wikitext import normalise
from bvr.config import Publishing


@dataclass
class Selected:
    """A selected page (a pywikibot Page with its text loaded) and what it needs."""

    page: Any
    needs: Needs


def _category(site: Any, name: str) -> Iterator[Any]:
    import pywikibot

    category = pywikibot.Category(site, name)
    yield from site.categorymembers(category, content=True)


def _prefixed(site: Any, prefix: str) -> Iterator[Any]:
    import pywikibot

    start = pywikibot.Page(site, prefix)
    yield from site.allpages(prefix=start.title(with_ns=False), namespace=start.namespace(),
                             content=True, filterredir=False)


def _namespace(site: Any, number: int) -> Iterator[Any]:
    yield from site.allpages(namespace=number, content=True, filterredir=False)


def select(site: Any, settings: Publishing, events: dict[str, EventPage]) -> list[Selected]:
    """The selected pages in title order. Event pages are those in the event categories and
    every page the register names as an event's page (it gets the box even uncategorised)."""
    chosen: dict[str, Selected] = {}

    def take(pages: Iterable[Any], needs: Needs) -> None:
        for page in pages:
            if page.isRedirectPage() or not page.exists():
                continue
            title = page.title()
            event = events.get(normalise(title))
            extra = Needs(needs.registration,
                          event.contacts if event is not None else needs.contacts)
            if title in chosen:
                chosen[title].needs = chosen[title].needs.merge(extra)
            else:
                chosen[title] = Selected(page, extra)

    for name in settings.footer_categories:
        take(_category(site, name), Needs())
    for number in settings.footer_namespaces:
        take(_namespace(site, int(number)), Needs())
    for prefix in settings.footer_prefixes:
        take(_prefixed(site, prefix), Needs())
    for name in settings.registration_categories:
        take(_category(site, name), Needs(registration=True))
    for prefix in settings.registration_prefixes:
        take(_prefixed(site, prefix), Needs(registration=True))
    for name in settings.event_categories:
        take(_category(site, name), Needs(contacts=()))
    registered = [event.title for key, event in events.items()
                  if not any(normalise(title) == key for title in chosen)]
    if registered:
        import pywikibot

        take(site.preloadpages([pywikibot.Page(site, title) for title in registered]),
             Needs(contacts=()))
    return [chosen[title] for title in sorted(chosen)]
