"""Screening request budget and speed (issue 6): N participants against 3 local wikis.

Starts the test bed's three MediaWikis (read throttle 0), creates the accounts, blocks a few,
then prints per wiki: the fixed requests (login, site information), the requests of the block
check (goal: ceil(N/50), or ceil(N/500) with `apihighlimits`), of the history check (at most
one per participant per wiki where the account exists), and of a cached re-run (goal: 0); the
wall time of the checking phase; and, in the same run, the floor: the same batched
`list=users&usprop=blockinfo` requests sent bare with `requests`, logged in as the same bot
(goal: <= 1.5 x the floor). For the history check it prints, per wiki, the requests sent
against its floor: the cheaper of one request per participant present there and the pages of
one bare scan of that wiki's block log over the window (goal: <= 1.1 x that floor).

Accounts are inserted straight into each wiki's SQLite database (a set-up shortcut: creating
6,000 accounts through the API takes minutes); blocks go through the API.
Usage: python benchmarks/screening.py [N] [--no-history]
"""

from __future__ import annotations

import math
import os
import secrets
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from bvr import vault
from bvr.config import ENV_BLIND_INDEX_KEY, Config
from bvr.domain import Role
from bvr.services import people
from bvr.services import screening as service
from bvr.services.core import Core
from bvr.storage import schema
from bvr.storage.db import Database
from testbed.mediawiki import LocalWiki, WikiFarm
from testbed.pywikibot_dir import PywikibotEnv, family_name, write_pywikibot_dir


def insert_accounts(wiki: LocalWiki, names: list[str]) -> None:
    database = wiki.data_dir / f"{wiki.dbname}.sqlite"
    with sqlite3.connect(database) as connection:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(user)")]
        copied = [c for c in columns if c not in {"user_id", "user_name"}]
        # Column names come from the wiki's own schema, never from input.
        template = f"SELECT ?, {', '.join(copied)} FROM user WHERE user_name = 'Admin'"  # noqa: S608
        connection.executemany(
            f"INSERT INTO user (user_name, {', '.join(copied)}) {template}",
            [(name,) for name in names])
        connection.execute("INSERT INTO actor (actor_user, actor_name) SELECT user_id, "
                           "user_name FROM user WHERE user_id NOT IN "
                           "(SELECT actor_user FROM actor WHERE actor_user IS NOT NULL)")


class HttpCounter:
    """Counts every HTTP request pywikibot sends, per wiki (by port)."""

    def __init__(self, ports: dict[int, str]) -> None:
        self.ports = ports
        self.counts: Counter[str] = Counter()

    def __call__(self, response: Any, *args: Any, **kwargs: Any) -> None:
        port = urlparse(response.url).port or 0
        self.counts[self.ports.get(port, "other")] += 1

    def snapshot(self) -> Counter[str]:
        return Counter(self.counts)


def floor(farm: WikiFarm, names: list[str], batch: int) -> tuple[float, int]:
    """The same batched `list=users&usprop=blockinfo` requests with plain `requests`, logged
    in as the same bot account: anonymously MediaWiki allows 50 names a request and answers a
    batch of 500 with a cheap `toomanyvalues` error, which would make the floor do no work.
    Every answer is checked to hold every name of its batch."""
    assert farm.bot_password is not None
    sessions = [wiki.login(farm.bot_password.login_name, farm.bot_password.password)
                for wiki in farm]
    sent = 0
    started = time.perf_counter()
    for session in sessions:
        for start in range(0, len(names), batch):
            chunk = names[start:start + batch]
            answer = session.post(action="query", list="users", usprop="blockinfo",
                                  ususers="|".join(chunk))
            assert len(answer["query"]["users"]) == len(chunk), answer.get("error")
            sent += 1
    seconds = time.perf_counter() - started
    for session in sessions:
        session.close()
    return seconds, sent


def scan_pages(farm: WikiFarm, since: str) -> dict[str, int]:
    """Pages of one bare scan of each wiki's block log over the window, as the same bot
    (5,000 entries a page with `apihighlimits`)."""
    assert farm.bot_password is not None
    pages: dict[str, int] = {}
    for wiki in farm:
        with wiki.login(farm.bot_password.login_name, farm.bot_password.password) as session:
            params: dict[str, str] = {"action": "query", "list": "logevents", "letype": "block",
                                      "lelimit": "max", "leend": since, "leprop": "ids|title"}
            sent = 0
            while True:
                answer = session.get(**params)
                sent += 1
                if "continue" not in answer:
                    break
                params |= answer["continue"]
        pages[wiki.dbname] = sent
    return pages


def print_history(report: Any, pages: dict[str, int]) -> None:
    """History requests per wiki against the cheaper of per-participant and one scan."""
    for wiki, phases in sorted(report.requests.items()):
        if wiki not in pages:
            continue
        present = sum(1 for r in report.results if wiki in r.exists_on)
        cheaper = max(1, min(present, pages[wiki]))
        sent = phases.get("history", 0)
        print(f"history {wiki}: {sent} requests; floor min({present} participants, "
              f"{pages[wiki]} scan pages) = {cheaper}; ratio {sent / cheaper:.2f} (goal <= 1.1)")
    statuses = Counter(r.status.value for r in report.results)
    print(f"statuses: {dict(sorted(statuses.items()))}")


def main(count: int, with_history: bool = True) -> None:
    os.environ.setdefault(ENV_BLIND_INDEX_KEY, secrets.token_hex(32))
    with tempfile.TemporaryDirectory() as directory, \
            WikiFarm(Path(directory) / "wikis", ("nl", "wp", "meta")) as farm:
        names = [f"Participant {i:05d}" for i in range(count)]
        for wiki in farm:
            insert_accounts(wiki, names)
        with farm["wp"].login(farm.admin.name, farm.admin.password) as admin:
            for name in names[:: max(1, count // 20)]:
                admin.post_with_token(action="block", user=name, expiry="1 week",
                                      reason="benchmark")
        assert farm.bot_password is not None
        env = PywikibotEnv(write_pywikibot_dir(Path(directory) / "pwb", farm,
                                               farm.bot_password), farm.wikis)
        env.activate()
        import pywikibot.comms.http as pwb_http

        from bot.screening import run
        from bot.screening.connect import Sites, targets
        from bot.screening.participants import from_names

        ports = {wiki.port: f"{wiki.dbname}" for wiki in farm}
        counter = HttpCounter(ports)
        pwb_http.session.hooks["response"].append(counter)

        database = Database(f"sqlite:///{Path(directory) / 'bvr.sqlite3'}")
        schema.upgrade(database)
        specs = tuple(f"{family_name(w)}:{family_name(w)}" for w in farm)
        config = replace(Config(), screening=replace(Config().screening, wikis=specs,
                                                     central="", ban_list="",
                                                     noticeboards=()))
        core = Core(config, database, kdf_cost=vault.FAST_KDF_FOR_TESTS)
        people.add_person(core, "Director", (Role.DIRECTOR,))
        people.set_passphrase(core, "Director", "benchmark passphrase")
        cache = service.ResponseCache(core, 60)
        records = service.Records(core, core.now().date())
        participants = from_names(names, "csv")

        before = counter.snapshot()
        sites = Sites()
        where = targets(config.screening, sites, cache)
        batch = where.wikis[0].batch_size
        fixed = counter.snapshot() - before

        before = counter.snapshot()
        since = core.now() - timedelta(days=90) if with_history else None
        report = run.screen(participants, where, records, cache, history_since=since)
        checking = counter.snapshot() - before

        where_again = targets(config.screening, Sites(), cache)
        before = counter.snapshot()
        again = run.screen(participants, where_again, records, cache, history_since=since)
        cached = counter.snapshot() - before
        floor_seconds, floor_requests = floor(farm, names, batch)
        pages = scan_pages(farm, since.strftime("%Y-%m-%dT%H:%M:%SZ")) if since else {}
        database.dispose()

    goal = math.ceil(count / batch)
    print(f"participants: {count}; wikis: 3; batch size: {batch} "
          f"({'apihighlimits' if batch == 500 else 'no apihighlimits'})")
    print(f"{'wiki':<10} {'fixed':>6} {'blocks':>7} {'goal':>5} {'identity':>9} "
          f"{'history':>8} {'http total':>11} {'cached re-run':>14}")
    for wiki, phases in sorted(report.requests.items()):
        print(f"{wiki:<10} {fixed[wiki]:>6} {phases.get('blocks', 0):>7} {goal:>5} "
              f"{phases.get('identity', 0):>9} {phases.get('history', 0):>8} "
              f"{checking[wiki]:>11} {cached[wiki]:>14}")
    blocks = report.seconds["blocks"]
    print(f"block check (checking phase): {blocks:.3f} s; floor (bare batched list=users, "
          f"{floor_requests} requests): {floor_seconds:.3f} s; ratio {blocks / floor_seconds:.2f}"
          " (goal <= 1.5)")
    print(f"history check: {report.seconds.get('history', 0):.3f} s; records (sanctions, "
          f"notes): {report.seconds['records']:.3f} s; cached re-run total: "
          f"{sum(again.seconds.values()):.3f} s")
    print_history(report, pages)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000, "--no-history" not in sys.argv)
