"""Renamed accounts: a name that exists nowhere may have been renamed.

Only names missing on every checked wiki are looked up, one request each on every checked wiki
that has the local rename log (`run` stops asking for a name once found):
`letype=renameuser&letitle=User:OLD`. A global rename writes that entry on
every wiki the account is attached to (CentralAuth's rename job), so this works on both paths.
The global log cannot be used: a `gblrename` entry is titled `Special:CentralAuth/NEW` and holds
the old name only in its parameters, which the API cannot filter on (recorded from CentralAuth
REL1_39). The new name is then screened in the same run, so a rename never hides a block.

The `renameuser` log type is core from MediaWiki 1.40 and exists on 1.39 only with the
Renameuser extension; elsewhere `letype=renameuser` is `badvalue`. `offers` asks `paraminfo`
(once a wiki) so such a wiki is skipped and the run says so.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.screening.names import normalise
from bot.screening.wikiapi import ResponseCache, WikiClient, WikiError, cache_keys

CHECK = "rename"
LOG_TYPE = "renameuser"


def offers(client: WikiClient) -> bool:
    """Whether this wiki has the local rename log."""
    return LOG_TYPE in client.log_types()


def renamed_to(client: WikiClient, names: Sequence[str], cache: ResponseCache,
               ) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """(old name -> {"to": new name, "logid": ..., "at": ...} for renamed accounts,
    name -> reason for the names whose lookup failed)."""
    keys = cache_keys(CHECK, client.name, names)
    cached = cache.get_many(list(keys.values()))
    found = {name: cached[key] for name, key in keys.items() if key in cached}
    fresh = {}
    failed: dict[str, str] = {}
    for name in names:
        if name in found:
            continue
        try:
            answer = client.query("identity", action="query", list="logevents",
                                  letype=LOG_TYPE, letitle=f"User:{name}", lelimit="1",
                                  formatversion="2")
        except WikiError as failure:
            failed[name] = failure.reason
            continue
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
    return {name: entry for name, entry in found.items() if entry}, failed
