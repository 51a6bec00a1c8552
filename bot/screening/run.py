"""One screening: every participant through every check of R-6.1, with the fewest requests.

Order of work, and why:
1. the association's own records first (sanctions in force by blind index, notes of (b)):
   no request at all;
2. current blocks and locks (d, a): one CentralAuth request per participant where
   CentralAuth is there (a block it reports on a configured wiki is looked up there, batched,
   to tell partial from sitewide; a `missing` name is looked for locally: possibly hidden),
   else `list=users` batches of 50/500 on every wiki plus the locks wherever CentralAuth
   answers; this also tells where each account exists. Then global blocks, batched, with the
   parameters the wiki's GlobalBlocking has;
3. names that exist nowhere: the rename log, one request each on every wiki that has it, and
   the new name is screened;
4. block history (c), on wikis where the account exists (CentralAuth: where it edited, and
   home), per wiki the cheaper of one request each and one scan of the block log;
5. the ban list and the noticeboards: one request a page.
Every answer goes through the response cache, so a re-run within its time to live is free.
Nothing one name or one wiki does ends the run: see `findings.Result` for `errors` and
`unchecked`, and `Report.notes` for what was skipped and why.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from bot.screening import blocks, centralauth, globalblocks, history, identity
from bot.screening.bans import BanList
from bot.screening.findings import Finding, Result, Status
from bot.screening.names import NameKind
from bot.screening.noticeboards import Noticeboard
from bot.screening.participants import Participant
from bot.screening.wikiapi import ResponseCache, WikiClient, counted_as

Progress = Callable[[int], None]


class Records(Protocol):
    """The association's own records (`bvr.services.screening`), matched by blind index."""

    def sanctioned(self, names: Sequence[str]) -> set[str]: ...

    def other_sanctions(self, names: Sequence[str]) -> dict[str, list[str]]: ...

    def noted(self, names: Sequence[str]) -> dict[str, list[int]]: ...


@dataclass
class Targets:
    """Where to look. `central` set: the CentralAuth path; else every wiki in `wikis`.
    `unchecked` names checks that cannot run at all in this run (a page that could not be read),
    `notes` say why, for the run's report."""

    wikis: list[WikiClient]
    central: WikiClient | None = None
    locks: WikiClient | None = None  # a wiki with CentralAuth, on the per-wiki path
    ban_list: BanList | None = None
    noticeboards: list[Noticeboard] = field(default_factory=list)
    unchecked: list[str] = field(default_factory=list)
    notes: list[dict[str, str]] = field(default_factory=list)

    def clients(self) -> list[WikiClient]:
        seen = {id(c): c for c in [*self.wikis, self.central, self.locks] if c is not None}
        for page in [self.ban_list, *self.noticeboards]:
            if page is not None:
                seen.setdefault(id(page.client), page.client)
        return list(seen.values())


@dataclass
class Report:
    results: list[Result]
    seconds: dict[str, float]
    requests: dict[str, dict[str, int]]  # wiki -> phase -> requests
    path: str  # "centralauth" or "per-wiki"
    notes: list[dict[str, str]] = field(default_factory=list)  # what was skipped, and why

    def as_dict(self) -> dict[str, Any]:
        return {"path": self.path, "seconds": self.seconds, "requests": self.requests,
                "notes": self.notes, "participants": [r.as_dict() for r in self.results]}


def steps(targets: Targets, history_on: bool) -> int:
    """How many progress steps `screen` reports, for the progress bar's length."""
    block_steps = 1 if targets.central else len(targets.wikis) + 1  # + the locks
    return 2 + block_steps + (len(targets.wikis) if history_on else 0) + 1


def screen(participants: Sequence[Participant], targets: Targets, records: Records,
           cache: ResponseCache, *, history_since: datetime | None,
           progress: Progress = lambda _n: None) -> Report:
    """Every participant through every check. Nothing one participant's name or one wiki's
    answer does ends the run: a failure becomes that participant's status or the run's note."""
    results = {p.key: _result(p) for p in participants}
    accounts = [name for name, r in results.items() if r.status is Status.CLEAN]
    notes = list(targets.notes)
    seconds: dict[str, float] = {}
    for name in accounts:
        for check in targets.unchecked:
            results[name].skipped(check)

    started = time.perf_counter()
    _records(records, accounts, results)
    seconds["records"] = time.perf_counter() - started
    progress(1)

    started = time.perf_counter()
    _current(targets, accounts, results, cache, progress, notes)
    asked = set(accounts)
    checkable = [name for name, r in results.items()  # not the names a wiki refused
                 if r.status is Status.IP or (name in asked and r.status is not Status.INVALID)]
    _global_blocks(targets, checkable, results, cache, notes)
    seconds["blocks"] = time.perf_counter() - started

    started = time.perf_counter()
    _renames(targets, accounts, results, records, cache, notes)
    seconds["identity"] = time.perf_counter() - started
    progress(1)

    if history_since is None:  # --no-history: the operator's choice, still not "clean"
        notes.append({"note": "history-not-checked"})
        for name in accounts:
            results[name].skipped("history")
    else:
        started = time.perf_counter()
        _history(targets, accounts, results, cache, history_since, progress)
        seconds["history"] = time.perf_counter() - started

    started = time.perf_counter()
    for name in accounts:
        for page in [targets.ban_list, *targets.noticeboards]:
            if page is not None:
                for finding in page.findings(name):
                    results[name].add(finding)
    seconds["lists"] = time.perf_counter() - started
    progress(1)

    for result in results.values():
        result.settle()
    requests = {c.name: dict(c.requests) for c in targets.clients()}
    return Report(list(results.values()), seconds, requests,
                  "centralauth" if targets.central else "per-wiki", _unique(notes))


def _history(targets: Targets, accounts: list[str], results: dict[str, Result],
             cache: ResponseCache, since: datetime, progress: Progress) -> None:
    """R-6.1(c) on every wiki where the account (or a trace of it) exists."""
    for client in targets.wikis:
        # A renamed account's block log moved with it: ask under the new name.
        present: dict[str, list[str]] = {}
        for name in accounts:
            result = results[name]
            where = result.exists_on if result.history_on is None else result.history_on
            if client.name in where or client.name in result.traces:
                present.setdefault(_now_named(result), []).append(name)
        for now, log in history.entries(client, list(present), since,
                                        cache).items():
            for name in present[now]:
                if isinstance(log, str):
                    results[name].failed(log)
                    continue
                for finding in history.findings(client, now, log):
                    results[name].add(finding)
        progress(1)


def _now_named(result: Result) -> str:
    """The name the account has now: the new name of a renamed account."""
    return next((str(f.detail["to"]) for f in result.findings if f.kind == "renamed"),
                result.name)


def _unique(notes: list[dict[str, str]]) -> list[dict[str, str]]:
    kept: list[dict[str, str]] = []
    for note in notes:
        if note not in kept:
            kept.append(note)
    return kept


def _result(participant: Participant) -> Result:
    result = Result(participant.name.raw, participant.name.name, participant.found_as)
    if participant.marker == "hidden":
        result.status = Status.HIDDEN
    elif participant.marker == "deleted":
        result.status = Status.DELETED
    elif participant.name.kind is NameKind.IP:
        result.status = Status.IP
    elif participant.name.kind is NameKind.INVALID:
        result.status = Status.INVALID
    return result


def _records(records: Records, names: Sequence[str], results: dict[str, Result]) -> None:
    for name in records.sanctioned(names):
        results[name].add(Finding("a", "wmnl-sanction", "wmnl",
                                  detail={"see": "sanctions-register"}))
    for name, kinds in records.other_sanctions(names).items():  # information, not a flag
        for kind in kinds:
            results[name].add(Finding("a", "wmnl-sanction-info", "wmnl",
                                      detail={"see": "sanctions-register", "sanction": kind}))
    for name, notes in records.noted(names).items():
        for note in notes:
            results[name].add(Finding("b", "note", "wmnl", log_id=str(note)))


def _current(targets: Targets, names: Sequence[str], results: dict[str, Result],
             cache: ResponseCache, progress: Progress, notes: list[dict[str, str]]) -> None:
    """Current blocks and locks (d, a), and where every account exists."""
    if targets.central is not None:
        _central(targets, names, results, cache)
        progress(1)
    else:
        _per_wiki(targets, names, results, cache, progress, notes)


def _central(targets: Targets, names: Sequence[str], results: dict[str, Result],
             cache: ResponseCache) -> None:
    central = targets.central
    assert central is not None
    missing: list[str] = []
    for name, answer in centralauth.lookup(central, names, cache).items():
        result = results[name]
        if centralauth.invalid(answer):
            result.status = Status.INVALID
            continue
        if centralauth.error(answer):
            result.failed(centralauth.error(answer))
            continue
        if centralauth.exists(answer):
            result.exists_on.extend(centralauth.attached_wikis(answer) or [central.name])
            result.history_on = centralauth.active_wikis(answer)
        elif centralauth.missing(answer):
            missing.append(name)
        if centralauth.hidden(answer):
            result.status = Status.HIDDEN
        for finding in centralauth.findings(central, name, answer):
            result.add(finding)
    _traces(targets, missing, results, cache)
    _precise_blocks(targets, names, results, cache)


def _precise_blocks(targets: Targets, names: Sequence[str], results: dict[str, Result],
                    cache: ResponseCache) -> None:
    """CentralAuth's `merged[].blocked` counts partial blocks too, keeps only the last block
    and has no id: on the wikis we can ask, the block is looked up there (batched
    `list=users`), so the finding says sitewide or partial, with its id. Elsewhere it stays
    "blocked (sitewide or partial unknown)"."""
    for client in targets.wikis:
        blocked = [n for n in names if any(f.kind == "block" and f.source == client.name
                                           and f.detail.get("partial") == "unknown"
                                           for f in results[n].findings)]
        if not blocked:
            continue
        for name, state in blocks.states(client, blocked, cache).items():
            if state.error:  # keep CentralAuth's word; say the lookup failed
                results[name].failed(state.error)
                continue
            result = results[name]
            result.findings = [f for f in result.findings
                               if not (f.kind == "block" and f.source == client.name)]
            for finding in blocks.findings(client, name, state):
                result.add(finding)


def _global_blocks(targets: Targets, names: Sequence[str], results: dict[str, Result],
                   cache: ResponseCache, notes: list[dict[str, str]]) -> None:
    """Global blocks (d) of accounts, IPs and ranges, where GlobalBlocking answers; else
    "global blocks not checked" on every participant."""
    clients = [c for c in dict.fromkeys([targets.central, targets.locks, *targets.wikis])
               if c is not None]
    where = next((c for c in clients if globalblocks.offered(c)), None)
    if where is None:
        notes.append({"note": "global-blocks-not-checked"})
        for name in names:
            results[name].skipped("global-blocks")
        return
    for name, found in globalblocks.blocks(where, names, cache).items():
        if isinstance(found, str):
            results[name].failed(found)
            continue
        for finding in globalblocks.findings(where, name, found):
            results[name].add(finding)


def _traces(targets: Targets, missing: list[str], results: dict[str, Result],
            cache: ResponseCache) -> None:
    """A name CentralAuth calls `missing` may be hidden from us (a bot has no
    `centralauth-suppress`), deleted, renamed away, or never have existed. A local account of
    that name on a checked wiki is a trace: the participant is "unknown, possibly hidden", and
    its block history is still read there."""
    for client in dict.fromkeys([targets.central, *targets.wikis]):
        if client is None or not missing:
            continue
        for name, state in blocks.states(client, missing, cache).items():
            if state.error:
                results[name].failed(state.error)
            elif state.invalid:
                results[name].status = Status.INVALID
            elif state.exists:
                results[name].traces.append(client.name)
                for finding in blocks.findings(client, name, state):
                    results[name].add(finding)


def _per_wiki(targets: Targets, names: Sequence[str], results: dict[str, Result],
              cache: ResponseCache, progress: Progress, notes: list[dict[str, str]]) -> None:
    for client in targets.wikis:
        for name, state in blocks.states(client, names, cache).items():
            _state(client, name, state, results[name])
        progress(1)
    _locks(targets, names, results, cache, notes)
    progress(1)


def _state(client: WikiClient, name: str, state: blocks.AccountState, result: Result) -> None:
    if state.error:
        result.failed(state.error)
        return
    if state.invalid:  # the wiki refuses the name (`Help:Me`): not an account
        result.status = Status.INVALID
    if state.exists:
        result.exists_on.append(client.name)
    if state.hidden:
        result.status = Status.HIDDEN
    for finding in blocks.findings(client, name, state):
        result.add(finding)


def _locks(targets: Targets, names: Sequence[str], results: dict[str, Result],
           cache: ResponseCache, notes: list[dict[str, str]]) -> None:
    """Global locks on the per-wiki path: wherever CentralAuth answers, else "not checked"
    on every participant (so nobody is called clean)."""
    if targets.locks is None:
        notes.append({"note": "locks-not-checked"})
        for name in names:
            results[name].skipped("locks")
        return
    for name, locked in centralauth.locks(targets.locks, names, cache).items():
        result = results[name]
        if isinstance(locked, str):
            result.failed(locked)
        elif locked:
            result.add(centralauth.lock(targets.locks, name))
        elif locked is None and result.exists_on:  # local accounts, no global one visible:
            result.traces.extend(result.exists_on)  # hidden from us? never "clean"


def _renames(targets: Targets, accounts: list[str], results: dict[str, Result],
             records: Records, cache: ResponseCache, notes: list[dict[str, str]]) -> None:
    """Names that exist nowhere: renamed? Then screen the new name into the same result."""
    missing = [n for n in accounts if not results[n].exists_on
               and results[n].status is Status.CLEAN and not results[n].errors]
    candidates = [c for c in dict.fromkeys([targets.central, *targets.wikis]) if c is not None]
    if not missing or not candidates:
        return
    renames: dict[str, dict[str, str]] = {}
    asked = False
    for client in candidates:  # a local rename is logged only where it happened
        if not identity.offers(client):  # asking would be `badvalue`: skip, and say so
            notes.append({"note": "log-type-missing", "wiki": client.name,
                          "log": identity.LOG_TYPE})
            continue
        asked = True
        todo = [n for n in missing if n not in renames and not results[n].errors]
        found, failed = identity.renamed_to(client, todo, cache)
        renames |= {old: entry | {"wiki": client.name} for old, entry in found.items()}
        for name, reason in failed.items():
            results[name].failed(reason)
    if not asked:
        for name in missing:
            results[name].skipped("renames")
    new_names = {entry["to"]: old for old, entry in renames.items()
                 if entry["to"] not in results}
    clients = {c.name: c for c in candidates}
    for old, entry in renames.items():
        where = clients[entry["wiki"]]
        results[old].add(Finding("identity", "renamed", where.name, log_id=entry["logid"],
                                 link=where.link(f"Special:Redirect/logid/{entry['logid']}"),
                                 detail={"to": entry["to"], "at": entry["at"]}))
    if not new_names:
        return
    shadow = {new: Result(new, new, "renamed") for new in new_names}
    _records(records, list(new_names), shadow)
    with counted_as(targets.clients(), "identity"):
        _current(targets, list(new_names), shadow, cache, lambda _n: None, [])
    for new, old in new_names.items():  # the result keeps the name as registered
        for finding in shadow[new].findings:
            results[old].add(finding)
        for reason in shadow[new].errors:
            results[old].failed(reason)
        results[old].exists_on.extend(w for w in shadow[new].exists_on
                                      if w not in results[old].exists_on)
        if shadow[new].history_on is not None:
            results[old].history_on = shadow[new].history_on
