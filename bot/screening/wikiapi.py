"""API requests to one wiki, counted and cached per item.

Counting is how the request budget of flow 6 is kept honest: every request a check sends goes
through `WikiClient.query`, which counts it under the phase it belongs to ("blocks",
"history", ...). A request that fails, whatever the cause (an API error code such as `baduser`,
a connection that broke), raises `WikiError`, which names the wiki and the cause: the caller
decides whether that is one participant's status or the run's note, never the end of the run.
What a wiki offers (log types, parameters of extension modules) is asked once per wiki with
`action=paraminfo` (`WikiClient.module`).

The cache holds one entry per *item* (a name on a wiki for a check), not per
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


#: The API modules whose parameters decide what the screening may ask (one paraminfo request).
PARAMINFO_MODULES = ("query+logevents", "query+globalblocks", "query+globaluserinfo",
                     "query+globalusers")


MODULE_EXTENSIONS = {"query+globalblocks": "GlobalBlocking",
                     "query+globaluserinfo": "CentralAuth", "query+globalusers": "CentralAuth"}


class WikiError(Exception):
    """A request to `wiki` failed: `code` is the API's error code (`baduser`, `badvalue`) or the
    kind of failure (`ConnectionError`), `info` the wiki's own words."""

    def __init__(self, wiki: str, code: str, info: str) -> None:
        self.wiki, self.code, self.info = wiki, code, info
        super().__init__(self.reason)

    @property
    def reason(self) -> str:
        return f"{self.wiki}: {self.code}: {self.info}".rstrip(": ")

    @classmethod
    def of(cls, wiki: str, error: Exception) -> WikiError:
        code = getattr(error, "code", None)  # pywikibot's APIError carries the API's code
        if isinstance(code, str) and code:
            return cls(wiki, code, str(getattr(error, "info", "") or ""))
        return cls(wiki, type(error).__name__, str(error)[:300])


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
        self._modules: dict[str, dict[str, Any]] | None = None

    @property
    def batch_size(self) -> int:
        if self._highlimits is None:
            try:
                self._highlimits = bool(self.site.has_right("apihighlimits"))
            except Exception:  # rights unknown: 50 names a request works for everyone
                self._highlimits = False
        return 500 if self._highlimits else 50

    def has_extension(self, name: str) -> bool:
        """Whether siteinfo lists extension `name`; a failure names this wiki."""
        try:
            return bool(self.site.has_extension(name))
        except Exception as error:
            raise WikiError.of(self.name, error) from error

    def query(self, phase: str, **params: Any) -> dict[str, Any]:
        """One API request (no continuation), counted under `phase`."""
        self.requests[self.relabel or phase] += 1
        try:
            answer: dict[str, Any] = self.site.simple_request(**params).submit()
        except Exception as error:  # any failure of this request, named with its wiki
            raise WikiError.of(self.name, error) from error
        if "error" in answer:  # a site object that returns errors instead of raising them
            raise WikiError(self.name, str(answer["error"].get("code", "")),
                            str(answer["error"].get("info", "")))
        return answer

    def module(self, path: str) -> dict[str, Any]:
        """`paraminfo` of API module `path` (`query+logevents`), {} when the wiki lacks it.
        The modules of `PARAMINFO_MODULES` are asked together, once per wiki."""
        if self._modules is None:
            answer = self.query("fixed", action="paraminfo", modules="|".join(self._asked()),
                                formatversion="2")
            self._modules = {str(m.get("path", "")): m for m in
                             answer.get("paraminfo", {}).get("modules", [])}
        return self._modules.get(path, {})

    def _asked(self) -> list[str]:
        """The modules worth asking: an extension's only where siteinfo lists it (pywikibot
        has siteinfo already), so a wiki is not asked for modules it cannot have."""
        try:
            return [path for path in PARAMINFO_MODULES
                    if path not in MODULE_EXTENSIONS
                    or self.site.has_extension(MODULE_EXTENSIONS[path])]
        except Exception:  # no siteinfo (a test double): ask for all
            return list(PARAMINFO_MODULES)

    def parameter(self, path: str, name: str) -> dict[str, Any] | None:
        """Parameter `name` (without the module's prefix) of module `path`, if it has it."""
        for parameter in self.module(path).get("parameters", []):
            if parameter.get("name") == name:
                found: dict[str, Any] = parameter
                return found
        return None

    def values(self, path: str, name: str) -> frozenset[str]:
        """The values parameter `name` of module `path` takes (empty when it has none)."""
        kind = (self.parameter(path, name) or {}).get("type")
        return frozenset(map(str, kind)) if isinstance(kind, list) else frozenset()

    def log_types(self) -> frozenset[str]:
        """The log types this wiki has (`letype=renameuser` is `badvalue` on a 1.39 wiki
        without the Renameuser extension)."""
        return self.values("query+logevents", "type")

    def link(self, title: str) -> str:
        """The URL of a page on this wiki, for evidence."""
        return self.url.replace("{}", title.replace(" ", "_"))


def _article_url(site: Any) -> str:
    try:
        return str(site.base_url(site.articlepath))
    except Exception:  # a test double or an unreachable site: evidence without link
        return "{}"


def flag(entry: dict[str, Any], key: str) -> bool:
    """A boolean of an API answer: `true`, or `""` (formatversion 1, and some modules even
    under 2: `anononly` of globalblocks, `locked` of globalallusers) mean set."""
    value = entry.get(key)
    return value is not None and value is not False


def expiry(value: object) -> str:
    """One word for "never expires": MediaWiki answers `infinity` in one place and `infinite`
    in another for the same block."""
    text = str(value or "")
    return "infinity" if text in {"infinite", "indefinite", "never"} else text


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
