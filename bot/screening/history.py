"""R-6.1(c): recent block history, from the block log of every wiki where the account exists.

`list=logevents&letype=block&letitle=User:NAME` takes one title a request, so this costs one
request per participant per wiki where the account exists (none where it does not), limited to
the configured window (`leend`). Blocks, reblocks and unblocks are all evidence of a recent
conflict, expired or lifted ones included: that is what the current-block check cannot see.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from bot.screening.findings import Finding
from bot.screening.wikiapi import ResponseCache, WikiClient, WikiError, cache_keys, expiry

CHECK = "blocklog"
MAX_ENTRIES = 50


def entries(client: WikiClient, names: Sequence[str], since: datetime,
            cache: ResponseCache) -> dict[str, list[dict[str, Any]] | str]:
    """name -> its block log entries since `since` on this wiki, or the reason the request
    for that name failed (not cached)."""
    keys = cache_keys(f"{CHECK}:{since.date().isoformat()}", client.name, names)
    cached = cache.get_many(list(keys.values()))
    found: dict[str, list[dict[str, Any]] | str] = {
        name: list(cached[key]) for name, key in keys.items() if key in cached}
    fresh: dict[str, Any] = {}
    for name in names:
        if name in found:
            continue
        try:
            answer = client.query("history", action="query", list="logevents", letype="block",
                                  letitle=f"User:{name}", lelimit=str(MAX_ENTRIES),
                                  leend=since.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                  leprop="ids|title|type|user|timestamp|comment|details",
                                  formatversion="2")
        except WikiError as failure:
            found[name] = failure.reason
            continue
        events = answer.get("query", {}).get("logevents", [])
        found[name] = fresh[keys[name]] = [_entry(event) for event in events]
    cache.put_many(fresh)
    return found


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
