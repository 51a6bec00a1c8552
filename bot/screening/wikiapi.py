"""API requests to one wiki, counted and cached per item.

Counting is how the request budget of flow 6 is kept honest: every request a check sends goes
through `WikiClient.query`, which counts it under the phase it belongs to ("blocks",
"history", ...). The cache holds one entry per *item* (a name on a wiki for a check), not per
request, so a second run within the time to live sends nothing, and a list with one new name
costs one batch. It is a `ResponseCache` protocol so the bot need not know the database; the
database implementation is `bvr.services.screening.ResponseCache`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

T = TypeVar("T")


class ResponseCache(Protocol):
    def get_many(self, keys: Sequence[str]) -> dict[str, Any]: ...

    def put_many(self, items: dict[str, Any]) -> None: ...


class NoCache:
    """For runs that must ask the wikis afresh."""

    def get_many(self, keys: Sequence[str]) -> dict[str, Any]:
        return {}

    def put_many(self, items: dict[str, Any]) -> None:
        return None


class WikiClient:
    """One wiki: a pywikibot `APISite` (or anything with `simple_request`), its short name,
    and whether this account has `apihighlimits` (500 names a request instead of 50)."""

    def __init__(self, name: str, site: Any, *, highlimits: bool | None = None,
                 url: str = "") -> None:
        self.name = name
        self.site = site
        self.url = url or _article_url(site)
        self._highlimits = highlimits
        self.requests: Counter[str] = Counter()
        self.relabel = ""  # set while follow-up work must be counted under another phase

    @property
    def batch_size(self) -> int:
        if self._highlimits is None:
            self._highlimits = bool(self.site.has_right("apihighlimits"))
        return 500 if self._highlimits else 50

    def query(self, phase: str, **params: Any) -> dict[str, Any]:
        """One API request (no continuation), counted under `phase`."""
        self.requests[self.relabel or phase] += 1
        answer: dict[str, Any] = self.site.simple_request(**params).submit()
        return answer

    def link(self, title: str) -> str:
        """The URL of a page on this wiki, for evidence."""
        return self.url.replace("{}", title.replace(" ", "_"))


def _article_url(site: Any) -> str:
    try:
        return str(site.base_url(site.articlepath))
    except Exception:  # a test double or an unreachable site: evidence without link
        return "{}"


def batches(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def cache_keys(check: str, wiki: str, names: Iterable[str]) -> dict[str, str]:
    """name -> the cache item key for `check` on `wiki` (hashed by the cache, never stored)."""
    return {name: f"{check}\x1f{wiki}\x1f{name}" for name in names}


@contextmanager
def counted_as(clients: Iterable[WikiClient], phase: str) -> Iterator[None]:
    """Count every request of `clients` under `phase` for the duration (follow-up work such as
    screening the new name of a renamed account is not part of the batched block check)."""
    chosen = list(clients)
    for client in chosen:
        client.relabel = phase
    try:
        yield
    finally:
        for client in chosen:
            client.relabel = ""
