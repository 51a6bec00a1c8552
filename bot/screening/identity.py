"""Renamed accounts: a name that exists nowhere may have been renamed.

Only names missing on every checked wiki are looked up, one request each, on one wiki: the
local rename log (`letype=renameuser`, Renameuser extension) or, with CentralAuth, the global
rename log on Meta (`letype=gblrename`, title `Special:CentralAuth/OLD`). The new name is then
screened in the same run, so a rename never hides a block.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.screening.names import normalise
from bot.screening.wikiapi import ResponseCache, WikiClient, cache_keys

CHECK = "rename"


def renamed_to(client: WikiClient, names: Sequence[str], cache: ResponseCache, *,
               central: bool = False) -> dict[str, dict[str, str]]:
    """old name -> {"to": new name, "logid": ..., "at": ...} for renamed accounts."""
    keys = cache_keys(CHECK, client.name, names)
    cached = cache.get_many(list(keys.values()))
    found = {name: cached[key] for name, key in keys.items() if key in cached}
    fresh = {}
    for name in names:
        if name in found:
            continue
        letype, title = (("gblrename", f"Special:CentralAuth/{name}") if central
                         else ("renameuser", f"User:{name}"))
        answer = client.query("identity", action="query", list="logevents", letype=letype,
                              letitle=title, lelimit="1", formatversion="2")
        events = answer.get("query", {}).get("logevents", [])
        entry: dict[str, str] = {}
        if events:
            params = events[0].get("params", {})
            new = str(params.get("newuser", "") or params.get("newname", ""))
            if new:
                entry = {"to": normalise(new).name, "logid": str(events[0].get("logid", "")),
                         "at": str(events[0].get("timestamp", ""))}
        found[name] = fresh[keys[name]] = entry
    cache.put_many(fresh)
    return {name: entry for name, entry in found.items() if entry}
