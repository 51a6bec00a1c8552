"""R-6.1(c): recent block history, from the block log of every wiki where the account exists.

Two ways to read it, and per wiki the cheaper one is taken:
- per participant: `list=logevents&letype=block&letitle=User:NAME`, one title a request, so one
  request per participant where the account exists;
- one scan of the wiki's whole block log over the window (`leend`), 500 entries a request
  (5,000 with `apihighlimits`), filtered here by title.
The first scan page is the estimate: if it holds the whole window, that one request answered
everyone; else the time its entries span tells how many pages the window needs, and the scan
goes on only while that is fewer than the participants left (else one request each). So the
cost stays within one request of the cheaper way. Blocks, reblocks and unblocks are all
evidence of a recent conflict, expired or lifted ones included: that is what the current-block
check cannot see.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.screening.findings import Finding
from bot.screening.names import normalise
from bot.screening.wikiapi import ResponseCache, WikiClient, WikiError, cache_keys, expiry

CHECK = "blocklog"
MAX_ENTRIES = 50
LEPROP = "ids|title|type|user|timestamp|comment|details"
USER_NAMESPACE = 2


def entries(client: WikiClient, names: Sequence[str], since: datetime,
            cache: ResponseCache) -> dict[str, list[dict[str, Any]] | str]:
    """name -> its block log entries since `since` on this wiki, or the reason the request
    for that name failed (not cached)."""
    keys = cache_keys(f"{CHECK}:{since.date().isoformat()}", client.name, names)
    cached = cache.get_many(list(keys.values()))
    found: dict[str, list[dict[str, Any]] | str] = {
        name: list(cached[key]) for name, key in keys.items() if key in cached}
    todo = [name for name in names if name not in found]
    fresh: dict[str, Any] = _scanned(client, todo, since) if len(todo) > 1 else {}
    for name in todo:
        if name in fresh:
            found[name] = fresh[name]
            continue
        try:
            answer = client.query("history", action="query", list="logevents", letype="block",
                                  letitle=f"User:{name}", lelimit=str(MAX_ENTRIES),
                                  leend=_stamp(since), leprop=LEPROP, formatversion="2")
        except WikiError as failure:
            found[name] = failure.reason
            continue
        events = answer.get("query", {}).get("logevents", [])
        found[name] = fresh[name] = [_entry(event) for event in events]
    cache.put_many({keys[name]: value for name, value in fresh.items()})
    return found


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _scanned(client: WikiClient, names: list[str],
             since: datetime) -> dict[str, list[dict[str, Any]]]:
    """name -> entries, from one scan of the block log over the window, when the first page
    shows the scan is cheaper than one request per name; else {} (ask per name)."""
    wanted = set(names)
    found: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
    params = {"action": "query", "list": "logevents", "letype": "block",
              "lelimit": "5000" if client.batch_size == 500 else "500",
              "leend": _stamp(since), "leprop": LEPROP, "formatversion": "2"}
    sent = 0
    while True:
        try:
            answer = client.query("history", **params)
        except WikiError:
            return {}  # ask per name: each failure then stays with its participant
        sent += 1
        events = answer.get("query", {}).get("logevents", [])
        for event in events:
            if event.get("ns") != USER_NAMESPACE:
                continue
            name = normalise(str(event.get("title", "")).partition(":")[2]).name
            if name in wanted and len(found[name]) < MAX_ENTRIES:
                found[name].append(_entry(event))
        more = answer.get("continue")
        if not more:
            return found
        if sent == 1 and _pages(events, since) - sent >= len(names):
            return {}  # one request each is cheaper than the rest of the scan
        params |= {k: str(v) for k, v in more.items()}


def _pages(events: list[dict[str, Any]], since: datetime) -> int:
    """How many pages the window needs, from the time the first page spans."""
    now = datetime.now(UTC)
    try:
        oldest = datetime.strptime(str(events[-1]["timestamp"]),
                                   "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except (IndexError, KeyError, ValueError):
        return 1 << 30  # no usable timestamps: assume the scan is dear
    spanned = max((now - oldest).total_seconds(), 1.0)
    return math.ceil(max((now - since).total_seconds(), 1.0) / spanned)


def _entry(event: dict[str, Any]) -> dict[str, Any]:
    params = event.get("params", {})
    return {"logid": str(event.get("logid", "")), "action": event.get("action", ""),
            "timestamp": event.get("timestamp", ""), "by": event.get("user", ""),
            "reason": event.get("comment", ""), "expiry": params.get("expiry", ""),
            "duration": params.get("duration", ""),
            "sitewide": params.get("sitewide", True),
            "restrictions": params.get("restrictions", {})}


def findings(client: WikiClient, name: str, log: list[dict[str, Any]]) -> list[Finding]:
    return [Finding("c", "block-history", client.name, reason=str(entry["reason"]),
                    expiry=expiry(entry["expiry"] or entry["duration"]), log_id=entry["logid"],
                    link=client.link(f"Special:Redirect/logid/{entry['logid']}"),
                    detail={"action": entry["action"], "at": entry["timestamp"],
                            "by": entry["by"], "partial": entry["sitewide"] is False})
            for entry in log]


def window_start(now: datetime, days: int) -> datetime:
    return now - timedelta(days=days)
