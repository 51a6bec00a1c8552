"""R-6.1(a) and (d) on Wikimedia wikis: CentralAuth and GlobalBlocking, one request per
participant.

`meta=globaluserinfo&guiprop=merged` lists every attached account with its current local block
(`blocked: {expiry, reason}`: no block id and no partial flag, and only the last block when
there are several, so the evidence links to the wiki's block list and says "sitewide or partial
unknown") and says at top level whether the global account is `locked`. Global blocks are
asked in batches by `bot.screening.globalblocks`, with the parameters the wiki has.

What the real modules answer (recorded from REL1_39, `tests/bot/screening/fixtures/recorded/`):
- a name that is not a username (`Help:Me`) and an IP are `baduser` errors: the name is
  `invalid`, and IPs are never sent;
- without `centralauth-suppress` a hidden account is only `missing`, as a name that never
  existed or a deleted global account is: `run` looks for a local trace and says "unknown,
  possibly hidden", never clean;
- flags arrive as `true` or, under formatversion 1 and in some modules even under 2, as `""`.

`list=globalusers` (CentralAuth master only, no REL branch up to REL1_46; property
`gusprop=locked`) answers locks for 50/500 names at once; `locks` uses it on the per-wiki path
when `paraminfo` shows it, else `meta=globaluserinfo` one name a request.
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

CHECK = "globaluserinfo"
LOCKS = "globallock"


def reachable(client: WikiClient) -> bool:
    """Whether `meta=globaluserinfo` can be asked on this wiki (one paraminfo, once a wiki)."""
    return bool(client.module("query+globaluserinfo"))


def lookup(client: WikiClient, names: Sequence[str],
           cache: ResponseCache) -> dict[str, dict[str, Any]]:
    """name -> the combined answer's `query` part, one request per uncached name. A name the
    wiki refuses answers `{"invalid": True}`; a request that failed `{"error": reason}` (not
    cached, so the next run asks again)."""
    keys = cache_keys(CHECK, client.name, names)
    cached = cache.get_many(list(keys.values()))
    answers = {name: cached[key] for name, key in keys.items() if key in cached}
    fresh: dict[str, Any] = {}
    for name in names:
        if name in answers:
            continue
        if normalise(name).kind.value == "ip":  # `baduser`: guiuser takes account names only
            answers[name] = fresh[keys[name]] = {"invalid": True}
            continue
        params = {"meta": "globaluserinfo", "guiuser": name, "guiprop": "merged"}
        try:
            answer = client.query("blocks", action="query", formatversion="2", **params)
        except WikiError as error:
            if error.code == "baduser":
                answers[name] = fresh[keys[name]] = {"invalid": True}
            else:
                answers[name] = {"error": error.reason}
            continue
        fresh[keys[name]] = answers[name] = answer.get("query", {})
    cache.put_many(fresh)
    return answers


def invalid(answer: dict[str, Any]) -> bool:
    return bool(answer.get("invalid"))


def error(answer: dict[str, Any]) -> str:
    return str(answer.get("error", ""))


def exists(answer: dict[str, Any]) -> bool:
    info = answer.get("globaluserinfo", {})
    return bool(info) and not flag(info, "missing")


def missing(answer: dict[str, Any]) -> bool:
    """No global account visible to us: never existed, deleted, renamed away, or hidden."""
    return flag(answer.get("globaluserinfo", {}), "missing")


def attached_wikis(answer: dict[str, Any]) -> list[str]:
    return [str(account.get("wiki")) for account in
            answer.get("globaluserinfo", {}).get("merged", [])]


def active_wikis(answer: dict[str, Any]) -> list[str]:
    """The wikis where the account has edits, and its home wiki: a block elsewhere would be
    of an account that never edited there, so the history check skips those."""
    info = answer.get("globaluserinfo", {})
    active = [str(account.get("wiki")) for account in info.get("merged", [])
              if int(account.get("editcount", 0) or 0) > 0]
    home = str(info.get("home", "") or "")
    return [*active, home] if home and home not in active else active


def hidden(answer: dict[str, Any]) -> bool:
    return flag(answer.get("globaluserinfo", {}), "hidden")


def findings(client: WikiClient, name: str, answer: dict[str, Any]) -> list[Finding]:
    """Lock (a) and local blocks on attached wikis (d)."""
    info = answer.get("globaluserinfo", {})
    found: list[Finding] = []
    if flag(info, "locked"):
        found.append(lock(client, name))
    for account in info.get("merged", []):
        blocked = account.get("blocked")
        if not blocked:
            continue
        url = str(account.get("url", "")).rstrip("/")
        found.append(Finding("d", "block", str(account.get("wiki", "")),
                             reason=str(blocked.get("reason", "")),
                             expiry=expiry(blocked.get("expiry", "")),
                             link=f"{url}/wiki/Special:BlockList/{name.replace(' ', '_')}",
                             detail={"partial": "unknown"}))
    return found


def lock(client: WikiClient, name: str) -> Finding:
    return Finding("a", "lock", "central", link=client.link(f"Special:CentralAuth/{name}"),
                   detail={"hint": "global-bans-are-enforced-as-locks"})


def locks(client: WikiClient, names: Sequence[str],
          cache: ResponseCache) -> dict[str, bool | str | None]:
    """name -> locked (True/False), None when no global account is visible to us (missing:
    never existed, deleted, or hidden), or the reason the check failed for that name. Batches
    of 50/500 with `list=globalusers` where the wiki has it, else one `meta=globaluserinfo` a
    name (the only way on every released CentralAuth). Invalid names are left out."""
    keys = cache_keys(LOCKS, client.name, names)
    cached = cache.get_many(list(keys.values()))
    found: dict[str, bool | str | None] = {name: cached[key] for name, key in keys.items()
                                           if key in cached}
    todo = [name for name in names if name not in found]
    fresh: dict[str, bool | None] = {}
    if todo and "locked" in client.values("query+globalusers", "prop"):
        for batch in batches(todo, client.batch_size):
            try:
                answer = client.query("blocks", action="query", list="globalusers",
                                      gususers=list(batch), gusprop="locked",
                                      formatversion="2")
            except WikiError as failure:
                found |= dict.fromkeys(batch, failure.reason)
                continue
            fresh |= dict.fromkeys(batch, None)
            for entry in answer.get("query", {}).get("globalusers", []):
                fresh[normalise(str(entry.get("name", ""))).name] = (
                    None if flag(entry, "missing") else flag(entry, "locked"))
    else:
        for name, answer in lookup(client, todo, cache).items():
            if error(answer):
                found[name] = error(answer)
            elif not invalid(answer):
                fresh[name] = (flag(answer.get("globaluserinfo", {}), "locked")
                               if exists(answer) else None)
    cache.put_many({keys[name]: value for name, value in fresh.items() if name in keys})
    return {**found, **fresh}
