"""R-6.1(a) and (d) on Wikimedia wikis: CentralAuth and GlobalBlocking, one request per
participant.

`meta=globaluserinfo&guiprop=merged` lists every attached account with its current local block
(`blocked: {expiry, reason}`: no block id and no partial flag, so the evidence links to the
wiki's block list) and says at top level whether the global account is `locked` or `hidden`;
`list=globalblocks&bgtargets=NAME` in the same `action=query` adds global blocks. So one request
covers local blocks on every attached wiki, the lock (how WMF global bans are enforced) and
global blocks. `list=globalusers` (when `paraminfo` shows it) answers locks for 50/500 names at
once; `locks` uses it on the per-wiki path.

This module cannot be run against a real CentralAuth here: its tests are contract tests on
response documents shaped as the modules document them (`tests/bot/screening/fixtures/`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.screening.findings import Finding
from bot.screening.names import normalise
from bot.screening.wikiapi import ResponseCache, WikiClient, batches, cache_keys

CHECK = "globaluserinfo"
LOCKS = "globalusers"


def lookup(client: WikiClient, names: Sequence[str],
           cache: ResponseCache) -> dict[str, dict[str, Any]]:
    """name -> the combined answer's `query` part, one request per uncached name."""
    keys = cache_keys(CHECK, client.name, names)
    cached = cache.get_many(list(keys.values()))
    answers = {name: cached[key] for name, key in keys.items() if key in cached}
    fresh: dict[str, Any] = {}
    for name in names:
        if name in answers:
            continue
        answer = client.query("blocks", action="query", meta="globaluserinfo", guiuser=name,
                              guiprop="merged", list="globalblocks", bgtargets=name,
                              bgprop="id|target|by|timestamp|expiry|reason|range",
                              formatversion="2")
        fresh[keys[name]] = answers[name] = answer.get("query", {})
    cache.put_many(fresh)
    return answers


def exists(answer: dict[str, Any]) -> bool:
    info = answer.get("globaluserinfo", {})
    return bool(info) and not info.get("missing")


def attached_wikis(answer: dict[str, Any]) -> list[str]:
    return [str(account.get("wiki")) for account in
            answer.get("globaluserinfo", {}).get("merged", [])]


def hidden(answer: dict[str, Any]) -> bool:
    return bool(answer.get("globaluserinfo", {}).get("hidden"))


def findings(client: WikiClient, name: str, answer: dict[str, Any]) -> list[Finding]:
    """Lock (a), global blocks (d) and local blocks on attached wikis (d)."""
    info = answer.get("globaluserinfo", {})
    found: list[Finding] = []
    if info.get("locked"):
        found.append(Finding("a", "lock", "central",
                             link=client.link(f"Special:CentralAuth/{name}"),
                             detail={"hint": "global-bans-are-enforced-as-locks"}))
    for block in answer.get("globalblocks", []):
        if normalise(str(block.get("target", ""))).name != name:
            continue
        found.append(Finding("d", "global-block", "central", reason=str(block.get("reason", "")),
                             expiry=str(block.get("expiry", "")), log_id=str(block.get("id", "")),
                             link=client.link(f"Special:GlobalBlockList/{name}"),
                             detail={"by": block.get("by", ""), "bywiki": block.get("bywiki", ""),
                                     "since": block.get("timestamp", "")}))
    for account in info.get("merged", []):
        blocked = account.get("blocked")
        if not blocked:
            continue
        url = str(account.get("url", "")).rstrip("/")
        found.append(Finding("d", "block", str(account.get("wiki", "")),
                             reason=str(blocked.get("reason", "")),
                             expiry=str(blocked.get("expiry", "")),
                             link=f"{url}/wiki/Special:BlockList/{name.replace(' ', '_')}",
                             detail={"partial": "unknown"}))
    return found


def offers_globalusers(client: WikiClient) -> bool:
    """Whether the wiki has `list=globalusers` (one paraminfo request, fixed cost)."""
    client.requests["fixed"] += 1
    answer = client.site.simple_request(action="paraminfo", modules="query+globalusers",
                                        formatversion="2").submit()
    return bool(answer.get("paraminfo", {}).get("modules"))


def locks(client: WikiClient, names: Sequence[str], cache: ResponseCache) -> dict[str, bool]:
    """name -> locked, in batches of 50/500 with `list=globalusers`."""
    keys = cache_keys(LOCKS, client.name, names)
    cached = cache.get_many(list(keys.values()))
    locked = {name: bool(cached[key]) for name, key in keys.items() if key in cached}
    todo = [name for name in names if name not in locked]
    fresh: dict[str, bool] = dict.fromkeys(todo, False)
    for batch in batches(todo, client.batch_size):
        answer = client.query("blocks", action="query", list="globalusers",
                              gususers=list(batch), gusprop="lockinfo", formatversion="2")
        for entry in answer.get("query", {}).get("globalusers", []):
            fresh[normalise(str(entry.get("name", ""))).name] = bool(entry.get("locked"))
    cache.put_many({keys[name]: value for name, value in fresh.items() if name in keys})
    return {**locked, **fresh}
