"""R-6.1(d) without CentralAuth: `list=users&usprop=blockinfo` on every configured wiki.

Names go in batches of 50 (500 with `apihighlimits`), so N participants cost exactly
ceil(N/50) requests a wiki; names already in the cache cost nothing. The answer says per name
whether the account exists there (`missing`), whether the name is `invalid`, whether it is
`hidden` (only visible to those with `hideuser`), and the current block with its id, reason,
expiry and whether it is partial; `blockcomponents` lists each block when there are several.
A batch that fails leaves each of its names an `error` naming the wiki and the cause (not
cached); the other batches and wikis go on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
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

CHECK = "users"


@dataclass(frozen=True)
class AccountState:
    """What one wiki says about one name (as cached: plain JSON-able fields)."""

    exists: bool
    invalid: bool = False
    hidden: bool = False
    blocks: tuple[dict[str, Any], ...] = field(default_factory=tuple)
    error: str = ""  # the request for this name failed (never cached)

    def as_json(self) -> dict[str, Any]:
        return {"exists": self.exists, "invalid": self.invalid, "hidden": self.hidden,
                "blocks": list(self.blocks)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AccountState:
        return cls(bool(data["exists"]), bool(data.get("invalid")), bool(data.get("hidden")),
                   tuple(data.get("blocks", ())))


def states(client: WikiClient, names: Sequence[str],
           cache: ResponseCache) -> dict[str, AccountState]:
    """name -> its state on this wiki, asking only for names not in the cache."""
    keys = cache_keys(CHECK, client.name, names)
    cached = cache.get_many(list(keys.values()))
    found = {name: AccountState.from_json(cached[key]) for name, key in keys.items()
             if key in cached}
    todo = [name for name in names if name not in found]
    fresh: dict[str, AccountState] = {}
    for batch in batches(todo, client.batch_size):
        try:
            answer = client.query("blocks", action="query", list="users", ususers=list(batch),
                                  usprop="blockinfo", formatversion="2")
        except WikiError as failure:
            fresh |= {name: AccountState(exists=False, error=failure.reason) for name in batch}
            continue
        for entry in answer.get("query", {}).get("users", []):
            fresh[normalise(str(entry.get("name", ""))).name] = _state(entry)
    for name in todo:  # a name the wiki did not echo back is not known there
        fresh.setdefault(name, AccountState(exists=False))
    cache.put_many({keys[name]: state.as_json() for name, state in fresh.items()
                    if name in keys and not state.error})
    return {**found, **{name: fresh[name] for name in todo}}


def _state(entry: dict[str, Any]) -> AccountState:
    if flag(entry, "invalid"):
        return AccountState(exists=False, invalid=True)
    if flag(entry, "missing"):
        return AccountState(exists=False, hidden=flag(entry, "hidden"))
    components = entry.get("blockcomponents") or ([entry] if "blockid" in entry else [])
    blocks = tuple({"id": str(block.get("blockid", "")), "by": block.get("blockedby", ""),
                    "reason": block.get("blockreason", ""),
                    "timestamp": block.get("blockedtimestamp", ""),
                    "expiry": expiry(block.get("blockexpiry", "")),
                    "partial": flag(block, "blockpartial"),
                    "nocreate": flag(block, "blocknocreate")} for block in components)
    return AccountState(exists=True, hidden=flag(entry, "hidden"), blocks=blocks)


def findings(client: WikiClient, name: str, state: AccountState) -> list[Finding]:
    """R-6.1(d): one finding per current block, partial blocks marked as partial."""
    return [Finding("d", "partial-block" if block["partial"] else "block", client.name,
                    reason=str(block["reason"]), expiry=str(block["expiry"]),
                    log_id=str(block["id"]),
                    link=client.link(f"Special:BlockList/{name}"),
                    detail={"by": block["by"], "since": block["timestamp"]})
            for block in state.blocks]
