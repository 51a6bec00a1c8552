"""The leak scan: every surface a wiki reader can query, read as one viewer, searched for
markers. It does not trust a list of known places: the log types, RecentChanges properties and
AbuseFilter log properties are read from the wiki itself (`action=paraminfo`), and every answer
is searched whole (JSON or HTML), not field by field.

A marker may be in a surface before the report exists (the reporter's account name is in the
account creation log, say): `scan` counts occurrences per surface, and a leak is a surface
whose count grew between a scan before the report and one after intake (`grown`).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from testbed.mediawiki import ApiError, LocalWiki, WikiSession

FEED_FORMATS = ("rss", "atom")
#: Counted once for every time a reporter's contributions page names the report's title.
LINK_MARK = "\u2063title-of-the-report\u2063"


@dataclass(frozen=True)
class Target:
    """What the report left behind: its title and first revision id."""

    title: str
    revid: int


def _param_values(session: WikiSession, module: str, name: str) -> list[str]:
    """The allowed values of parameter `name` of API module `module` (paraminfo)."""
    info = session.get(action="paraminfo", modules=module)["paraminfo"]["modules"][0]
    for parameter in info["parameters"]:
        if parameter["name"] == name:
            values = parameter["type"]
            return [str(v) for v in values] if isinstance(values, list) else []
    return []


def _api_surfaces(session: WikiSession, target: Target) -> Iterator[tuple[str, str]]:
    logtypes = _param_values(session, "query+logevents", "type")
    leprop = "|".join(_param_values(session, "query+logevents", "prop"))
    for logtype in logtypes:
        yield f"api logevents type={logtype}", _get(
            session, action="query", list="logevents", letype=logtype, leprop=leprop,
            lelimit="max")
    yield "api logevents (all types)", _get(session, action="query", list="logevents",
                                            leprop=leprop, lelimit="max")
    rcprop = "|".join(p for p in _param_values(session, "query+recentchanges", "prop"))
    yield "api recentchanges", _get(session, action="query", list="recentchanges",
                                    rcprop=rcprop, rclimit="max")
    aflprops = _param_values(session, "query+abuselog", "prop")
    if aflprops:
        yield "api abuselog", _each_prop(session, "aflprop", aflprops, action="query",
                                         list="abuselog", afllimit="max")
        yield "api abuselog of the title", _each_prop(
            session, "aflprop", aflprops, action="query", list="abuselog",
            afltitle=target.title)
    rvprop = "|".join(_param_values(session, "query+revisions", "prop"))
    drvprop = "|".join(_param_values(session, "query+deletedrevisions", "prop"))
    yield "api revisions by id", _get(session, action="query", revids=target.revid,
                                      prop="revisions", rvprop=rvprop, rvslots="*")
    yield "api revisions by title", _get(session, action="query", titles=target.title,
                                         prop="revisions", rvprop=rvprop, rvslots="*")
    yield "api deletedrevisions by id", _get(
        session, action="query", revids=target.revid, prop="deletedrevisions",
        drvprop=drvprop, drvslots="*")
    yield "api deletedrevisions by title", _get(
        session, action="query", titles=target.title, prop="deletedrevisions",
        drvprop=drvprop, drvslots="*", drvlimit="max")
    yield "api alldeletedrevisions", _get(
        session, action="query", list="alldeletedrevisions", adrprop=drvprop, adrslots="*",
        adrlimit="max")
    for what in ("text", "title"):
        yield f"api search {what}", _get(session, action="query", list="search",
                                         srsearch=target.title.split("/")[-1], srwhat=what)


def _get(session: WikiSession, **params: object) -> str:
    """The answer as text; a refusal is an answer too (it says nothing of the report)."""
    try:
        return json.dumps(session.get(**params), ensure_ascii=False)
    except ApiError as error:
        return f"refused: {error.code}"


def _each_prop(session: WikiSession, name: str, props: list[str], **params: object) -> str:
    """Every property at once; when that is refused (one property needs a right this reader
    lacks), every property alone, so a refusal of one hides none of the others."""
    whole = _get(session, **params, **{name: "|".join(props)})
    if not whole.startswith("refused:"):
        return whole
    return "\n".join(_get(session, **params, **{name: prop}) for prop in props)


def _search_surfaces(session: WikiSession, markers: Iterable[str]) -> Iterator[tuple[str, str]]:
    for marker in markers:
        for what in ("text", "title"):
            yield f"api search {what} for a marker", _get(
                session, action="query", list="search", srsearch=marker, srwhat=what)


def _html_surfaces(wiki: LocalWiki, session: WikiSession, target: Target,
                   reporter: str) -> Iterator[tuple[str, str]]:
    for feed in FEED_FORMATS:
        response = session.http.get(wiki.api_url, params={
            "action": "feedrecentchanges", "feedformat": feed, "hidebots": 0, "days": 30,
            "limit": 50}, timeout=30)
        yield f"feedrecentchanges {feed}", response.text
    pages = {
        "Special:Log": {"limit": 500},
        "Special:RecentChanges": {"hidebots": 0, "days": 30, "limit": 500, "enhanced": 0},
        "Special:AbuseLog": {"limit": 500},
        "Special:Undelete": {"target": target.title},
        "Special:DeletedContributions": {"target": reporter},
        "Special:Contributions": {"target": reporter},
    }
    for title, params in pages.items():
        response = session.http.get(wiki.index_url, params={"title": title, **params},
                                    timeout=30)
        text = response.text
        if title.endswith("Contributions"):
            # The reporter's own lists must not gain the report's title: that links the two.
            text += "\n" + LINK_MARK * (text.count(target.title) +
                                        text.count(target.title.replace(" ", "_")))
        yield f"html {title}", text
    history = session.http.get(wiki.index_url, params={"title": target.title,
                                                       "action": "history"}, timeout=30)
    yield "html page history", history.text
    raw = session.http.get(wiki.index_url, params={"title": target.title, "action": "raw",
                                                   "oldid": target.revid}, timeout=30)
    yield "raw revision", raw.text


def scan(wiki: LocalWiki, session: WikiSession, target: Target, markers: Iterable[str],
         reporter: str) -> Counter[tuple[str, str]]:
    """Occurrences of each marker in each surface, as seen by `session`, keyed
    (surface, marker); every surface has a key, with count 0 when the marker is absent."""
    wanted = [*markers, LINK_MARK]
    counts: Counter[tuple[str, str]] = Counter()
    surfaces = [*_api_surfaces(session, target), *_search_surfaces(session, wanted),
                *_html_surfaces(wiki, session, target, reporter)]
    for surface, text in surfaces:
        for marker in wanted:
            counts[(surface, marker)] += text.count(marker) + text.count(marker.replace(" ", "_"))
    return counts


def grown(before: Counter[tuple[str, str]], after: Counter[tuple[str, str]]
          ) -> list[tuple[str, str, int]]:
    """(surface, marker, how many more) wherever a marker appears more often than before."""
    return [(surface, marker, count - before.get((surface, marker), 0))
            for (surface, marker), count in sorted(after.items())
            if count > before.get((surface, marker), 0)]
