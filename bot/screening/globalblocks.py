"""R-6.1(d): global blocks (GlobalBlocking) on both paths, with the parameters the wiki has.

What GlobalBlocking takes depends on its branch, so `paraminfo` decides (once a wiki):
- REL1_43 on: `bgtargets` (accounts, IPs and ranges) and prop `target`: one batch of 50/500
  names a request;
- up to REL1_42 (recorded from REL1_39): IPs only. `bgtargets` is ignored there with a warning
  and every global block comes back, so it is never sent; `bgaddresses` (exact addresses and
  ranges, batched) and prop `address`, and `bgip` for one address, which also returns the
  ranges that cover it (one request per single-address participant). Accounts cannot be
  globally blocked on such a wiki: nothing to ask for them.
Flags such as `anononly` arrive as `""` even under formatversion 2: read as set.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.screening.findings import Finding
from bot.screening.names import normalise
from bot.screening.wikiapi import (
    ResponseCache,
    WikiClient,
    WikiError,
    batches,
    cache_keys,
    expiry,
    flag,
)

CHECK = "globalblocks"
MODULE = "query+globalblocks"

#: name -> its global blocks (as cached), or the reason the request failed
Blocks = dict[str, list[dict[str, Any]] | str]


def offered(client: WikiClient) -> bool:
    return bool(client.module(MODULE))


def blocks(client: WikiClient, names: Sequence[str], cache: ResponseCache) -> Blocks:
    """name -> the global blocks that apply to it (accounts, IPs, ranges)."""
    keys = cache_keys(CHECK, client.name, names)
    cached = cache.get_many(list(keys.values()))
    found: Blocks = {name: list(cached[key]) for name, key in keys.items() if key in cached}
    todo = [name for name in names if name not in found]
    if not todo:
        return found
    if client.parameter(MODULE, "targets") is not None:
        answers = _by_targets(client, todo)
    else:
        answers = _by_addresses(client, [n for n in todo if normalise(n).kind.value == "ip"])
        answers |= {name: [] for name in todo if name not in answers}  # accounts: none exist
    cache.put_many({keys[name]: value for name, value in answers.items()
                    if not isinstance(value, str)})
    return found | answers


def _query(client: WikiClient, **params: str) -> list[dict[str, Any]]:
    answer = client.query("blocks", action="query", list="globalblocks", formatversion="2",
                          **params)
    return list(answer.get("query", {}).get("globalblocks", []))


def _by_targets(client: WikiClient, names: list[str]) -> Blocks:
    found: Blocks = {}
    for batch in batches(names, client.batch_size):
        try:
            rows = _query(client, bgtargets="|".join(batch), bglimit="max",
                          bgprop="id|target|by|timestamp|expiry|reason|range")
        except WikiError as failure:
            found |= dict.fromkeys(batch, failure.reason)
            continue
        found |= {name: [] for name in batch}
        for row in rows:
            target = normalise(str(row.get("target", ""))).name
            if target in found and not isinstance(found[target], str):
                found[target] = [*found[target], _entry(row, "target")]
    return found


def _by_addresses(client: WikiClient, ips: list[str]) -> Blocks:
    found: Blocks = {}
    ranges = [ip for ip in ips if "/" in ip]
    for batch in batches(ranges, client.batch_size):
        try:
            rows = _query(client, bgaddresses="|".join(batch),
                          bgprop="id|address|by|timestamp|expiry|reason|range")
        except WikiError as failure:
            found |= dict.fromkeys(batch, failure.reason)
            continue
        found |= {name: [] for name in batch}
        for row in rows:
            address = normalise(str(row.get("address", ""))).name
            if address in found and not isinstance(found[address], str):
                found[address] = [*found[address], _entry(row, "address")]
    for ip in ips:
        if "/" in ip:
            continue
        try:  # one address: its own block and every range block covering it
            rows = _query(client, bgip=ip, bgprop="id|address|by|timestamp|expiry|reason|range")
        except WikiError as failure:
            found[ip] = failure.reason
            continue
        found[ip] = [_entry(row, "address") for row in rows]
    return found


def _entry(row: dict[str, Any], target: str) -> dict[str, Any]:
    return {"id": str(row.get("id", "")), "target": str(row.get(target, "")),
            "by": row.get("by", ""), "bywiki": row.get("bywiki", ""),
            "since": row.get("timestamp", ""), "expiry": expiry(row.get("expiry", "")),
            "reason": row.get("reason", ""), "anononly": flag(row, "anononly")}


def findings(client: WikiClient, name: str, found: list[dict[str, Any]]) -> list[Finding]:
    return [Finding("d", "global-block", "central", reason=str(block["reason"]),
                    expiry=str(block["expiry"]), log_id=str(block["id"]),
                    link=client.link(f"Special:GlobalBlockList/{block['target'] or name}"),
                    detail={"by": block["by"], "bywiki": block["bywiki"],
                            "since": block["since"], "target": block["target"],
                            "anononly": block["anononly"]})
            for block in found]
