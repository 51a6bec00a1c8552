"""The intake job's API calls to the association wiki, each one request and checked per item.

Why raw API requests through `site.simple_request` rather than pywikibot's page methods: the
exposure window is counted in requests (ISSUE 3 budget: the floor plus at most one), and
pywikibot's `Page.delete`/`User.send_email` add look-ups of their own (existence, emailable).
`simple_request` still brings pywikibot's etiquette: throttle, maxlag with back-off, retries
on 5xx and lost sessions, `assert=user`, the user agent.

MediaWiki 1.39 facts this relies on (checked on the test bed's wiki):
- revision deletion of a page's current revision is refused per item (`revdelete-hide-current`
  in `items[].errors`), so we delete the page first and then hide its archived revisions with
  `type=archive`, whose ids are the revisions' timestamps (`ar_timestamp`);
- deleting a page removes its RecentChanges rows (their edit summaries, which may quote the
  report as an automatic summary, with them); a delete with an empty reason would quote the
  page, so every delete gives its own reason;
- neither deletion nor revision deletion reaches the page-creation log entry
  (`Special:Log/create`), whose comment is the automatic summary ("Created page with ...", the
  first ~200 characters of the report) and which names the creator: it is hidden on its own
  (`revisiondelete type=logging`); its id comes with the poll (`list=logevents`, same request);
- AbuseFilter REL1_39 has no API to hide its log entries (only the form at
  Special:AbuseLog/hide, which a BotPassword session cannot use): see docs/intake.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

ALREADY_GONE = frozenset({"missingtitle", "nosuchpageid", "cantdelete"})


class HideError(RuntimeError):
    """The wiki refused to hide a revision (the item's error codes, never its content)."""


@dataclass(frozen=True)
class Revision:
    revid: int
    parentid: int
    timestamp: str  # ISO 8601, as the API gives it
    user: str
    anonymous: bool  # saved without an account (an IP address)
    text: str

    @property
    def archive_id(self) -> str:
        """The id of this revision once deleted (`type=archive` takes `ar_timestamp`)."""
        return "".join(ch for ch in self.timestamp if ch.isdigit())


@dataclass(frozen=True)
class ReportPage:
    """A report page with the revisions we know, oldest first."""

    title: str
    page_id: int
    revisions: tuple[Revision, ...]
    deleted: bool = False  # someone else deleted it before us
    complete: bool = True  # False: older revisions exist that we have not read yet

    @property
    def first(self) -> Revision:
        return self.revisions[0]

    @property
    def latest(self) -> Revision:
        return self.revisions[-1]


@dataclass(frozen=True)
class Change:
    """A RecentChanges entry under the report prefix."""

    rcid: int
    timestamp: str
    kind: str  # "new", "edit", "log"
    title: str
    revid: int
    user: str
    logtype: str = ""
    logaction: str = ""


@dataclass(frozen=True)
class Poll:
    pages: tuple[ReportPage, ...]
    changes: tuple[Change, ...]
    more: bool = field(default=False)  # RecentChanges has more after these
    #: title -> ids of its page-creation log entries seen in this poll
    creations: dict[str, tuple[int, ...]] = field(default_factory=dict)

#: Everything a revision or log entry shows of a report: its text, summary and its creator.
HIDE = "content|comment|user"


def poll(site: Any, namespace: int, prefix: str, since: tuple[str, int] | None) -> Poll:
    """One request: the RecentChanges entries after `since` in the report namespace, and the
    report pages that exist now, with the text of their current revision."""
    params: dict[str, Any] = {
        "action": "query", "formatversion": 2,
        "list": "recentchanges|logevents", "rcnamespace": namespace, "rctype": "new|edit|log",
        "rcprop": "ids|title|timestamp|user|loginfo", "rcdir": "newer", "rclimit": "max",
        "generator": "allpages", "gapnamespace": namespace, "gapprefix": prefix,
        "gaplimit": "max", "gapfilterredir": "nonredirects", "prop": "revisions",
        "rvprop": "ids|timestamp|user|content", "rvslots": "main",
        # The creation log entries in the same request: hiding them costs no look-up.
        "lenamespace": namespace, "letype": "create", "leprop": "ids|title",
        "ledir": "newer", "lelimit": "max",
    }
    if since is not None:
        params["rcstart"] = params["lestart"] = since[0]
    answer = site.simple_request(**params).submit()
    query = answer.get("query", {})
    creations: dict[str, list[int]] = {}
    for event in query.get("logevents", []):
        if event.get("logid"):
            creations.setdefault(str(event.get("title", "")), []).append(int(event["logid"]))
    pages = tuple(page for page in (_page(p) for p in query.get("pages", [])) if page)
    skip = since[1] if since else 0
    changes = tuple(c for c in (_change(rc) for rc in query.get("recentchanges", []))
                    if c.rcid > skip)
    more = "recentchanges" in str(answer.get("continue", {}).get("continue", "")) or bool(
        answer.get("continue", {}).get("rccontinue"))
    return Poll(pages, changes, more,
                {title: tuple(ids) for title, ids in creations.items()})


def latest_change(site: Any) -> tuple[str, int] | None:
    """The newest RecentChanges entry of the whole wiki (timestamp, rcid), or None when
    RecentChanges is empty (one request)."""
    answer = site.simple_request(action="query", list="recentchanges", rcprop="ids|timestamp",
                                 rcdir="older", rclimit=1, formatversion=2).submit()
    changes = answer.get("query", {}).get("recentchanges", [])
    return (str(changes[0]["timestamp"]), int(changes[0]["rcid"])) if changes else None


def history(site: Any, page_id: int) -> tuple[Revision, ...]:
    """Every revision of an existing page, oldest first (only for pages edited again)."""
    revisions: list[Revision] = []
    params: dict[str, Any] = {"action": "query", "formatversion": 2, "pageids": page_id,
                              "prop": "revisions", "rvprop": "ids|timestamp|user|content",
                              "rvslots": "main", "rvlimit": "max", "rvdir": "newer"}
    while True:
        answer = site.simple_request(**params).submit()
        for page in answer.get("query", {}).get("pages", []):
            revisions.extend(_revision(r) for r in page.get("revisions", []))
        cont = answer.get("continue")
        if not cont:
            return tuple(revisions)
        params.update(cont)


def by_revision(site: Any, revid: int) -> ReportPage | None:
    """The page holding revision `revid`, wherever it is now (moved), or deleted."""
    answer = site.simple_request(action="query", formatversion=2, revids=revid,
                                 prop="revisions", rvprop="ids|timestamp|user|content",
                                 rvslots="main").submit()
    for page in answer.get("query", {}).get("pages", []):
        if page.get("revisions"):
            found = _page(page)
            if found is not None:
                return found
    answer = site.simple_request(action="query", formatversion=2, revids=revid,
                                 prop="deletedrevisions", drvslots="main",
                                 drvprop="ids|timestamp|user|content").submit()
    for page in answer.get("query", {}).get("pages", []):
        return deleted(site, str(page["title"]))
    return None


def deleted(site: Any, title: str) -> ReportPage | None:
    """The deleted revisions of `title` (someone deleted the report before the job saw it)."""
    answer = site.simple_request(action="query", formatversion=2, titles=title,
                                 prop="deletedrevisions", drvslots="main", drvlimit="max",
                                 drvdir="newer",
                                 drvprop="ids|timestamp|user|content").submit()
    for page in answer.get("query", {}).get("pages", []):
        revisions = tuple(_revision(r) for r in page.get("deletedrevisions", []))
        if revisions:
            ordered = tuple(sorted(revisions, key=lambda r: (r.timestamp, r.revid)))
            return ReportPage(str(page["title"]), 0, ordered, deleted=True)
    return None


def delete(site: Any, page_id: int, reason: str) -> bool:
    """Delete the page; False when it was already gone (deleted by someone, or by us before
    a crash)."""
    from pywikibot.exceptions import APIError

    try:
        site.simple_request(action="delete", pageid=page_id, reason=reason,
                            token=site.tokens["csrf"]).submit()
    except APIError as error:
        if error.code in ALREADY_GONE:
            return False
        raise
    return True


def hide(site: Any, title: str, archive_ids: Iterable[str], reason: str,
         suppress: bool) -> int:
    """Hide text, summary and creator of the deleted revisions `archive_ids` of `title`;
    returns how many. Every item is checked: the API answers "Success" even when an item
    failed."""
    ids = sorted(set(archive_ids))
    if not ids:
        return 0
    return _revisiondelete(site, title, ids, reason, suppress, type="archive", target=title)


def hide_log_entries(site: Any, title: str, log_ids: Iterable[int], reason: str,
                     suppress: bool) -> int:
    """Hide comment, performer and target of the log entries `log_ids` (the creation log
    entry of a report page); returns how many."""
    ids = sorted({str(i) for i in log_ids})
    if not ids:
        return 0
    return _revisiondelete(site, title, ids, reason, suppress, type="logging")


def creation_log_ids(site: Any, title: str) -> tuple[int, ...]:
    """The ids of the page-creation log entries of `title` (a restart's or a late page's way
    to find them: one request)."""
    answer = site.simple_request(action="query", list="logevents", letype="create",
                                 letitle=title, leprop="ids", lelimit="max",
                                 formatversion=2).submit()
    return tuple(int(e["logid"]) for e in answer.get("query", {}).get("logevents", [])
                 if e.get("logid"))


def _revisiondelete(site: Any, title: str, ids: list[str], reason: str, suppress: bool,
                    **what: str) -> int:
    answer = site.simple_request(action="revisiondelete", ids="|".join(ids), hide=HIDE,
                                 reason=reason, suppress="yes" if suppress else "nochange",
                                 token=site.tokens["csrf"], formatversion=2, **what).submit()
    items = answer.get("revisiondelete", {}).get("items", [])
    failed = [str(error.get("code", error)) for item in items
              for error in item.get("errors", []) if isinstance(error, dict)]
    failed += [str(e) for item in items for e in item.get("errors", [])
               if not isinstance(e, dict)]
    if failed or len(items) < len(ids):
        raise HideError(f"{title}: {', '.join(failed) or 'missing items'}")
    return len(items)


def archived_ids(site: Any, title: str) -> tuple[str, ...]:
    """The archive ids of every deleted revision of `title` (a restart's way to find them)."""
    page = deleted(site, title)
    return tuple(r.archive_id for r in page.revisions) if page else ()


def may_suppress(site: Any) -> bool:
    return bool(site.has_right("suppressrevision"))


def _page(page: dict[str, Any]) -> ReportPage | None:
    if page.get("missing") or not page.get("revisions"):
        return None
    revisions = tuple(_revision(r) for r in page["revisions"])
    return ReportPage(str(page["title"]), int(page["pageid"]), revisions,
                      complete=revisions[0].parentid == 0)


def _revision(data: dict[str, Any]) -> Revision:
    slot = data.get("slots", {}).get("main", {})
    text = slot.get("content", data.get("content", ""))
    return Revision(int(data.get("revid", 0)), int(data.get("parentid", 0)),
                    str(data.get("timestamp", "")), str(data.get("user", "")),
                    bool(data.get("anon", False)), str(text or ""))


def _change(rc: dict[str, Any]) -> Change:
    return Change(int(rc["rcid"]), str(rc["timestamp"]), str(rc["type"]), str(rc["title"]),
                  int(rc.get("revid", 0)), str(rc.get("user", "")), str(rc.get("logtype", "")),
                  str(rc.get("logaction", "")))
