"""Unlock time of a person's key at libsodium's Argon2id costs, against the floor.

`people.unlock` on a temporary SQLite database: read the stored key (one unit of work), derive
the key-encryption key with Argon2id, open the private key. The floor is the same call at
libsodium's minimum cost (one pass over 8 KiB): everything but the deliberate slowness.
Printed per cost: the median of N unlocks, its memory, and what it means for an attacker with
a copy of the database (guesses per second on one core of this machine). The chosen cost is
`vault.KdfCost()`, what the service uses (docs/decisions/0006).

Usage: python benchmarks/unlock.py [N]   (default 3; the sensitive cost runs once: 1 GiB, ~8 s)
"""

from __future__ import annotations

import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bvr import vault
from bvr.config import ENV_BLIND_INDEX_KEY, Config
from bvr.domain import Role
from bvr.services import people
from bvr.services.core import Core
from bvr.storage import schema
from bvr.storage.db import Database

PASSPHRASE = "lantern otter gravel sunday"  # noqa: S105 (a benchmark's own key)
COSTS = (("floor (minimum)", vault.FAST_KDF_FOR_TESTS), ("interactive", vault.INTERACTIVE_KDF),
         ("chosen (KdfCost())", vault.KdfCost()), ("sensitive", vault.SENSITIVE_KDF))


def measure(database: Database, name: str, cost: vault.KdfCost, runs: int) -> list[float]:
    core = Core(Config(), database, kdf_cost=cost)
    people.add_person(core, name, (Role.DIRECTOR,))
    people.set_passphrase(core, name, PASSPHRASE)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        people.unlock(core, name, PASSPHRASE).close()
        times.append(time.perf_counter() - start)
    return times


def main(runs: int) -> None:
    os.environ.setdefault(ENV_BLIND_INDEX_KEY, secrets.token_hex(32))
    print(f"cpus: {os.cpu_count()}, load average: {os.getloadavg()[0]:.1f}, "
          f"runs: {runs} (sensitive: 1)")
    print(f"{'cost':<20} {'ops':>4} {'memory':>9} {'unlock (median)':>16} {'guesses/s/core':>15}")
    with tempfile.TemporaryDirectory() as directory:
        database = Database(f"sqlite:///{Path(directory) / 'unlock.sqlite3'}")
        schema.upgrade(database)
        floor = 0.0
        for index, (label, cost) in enumerate(COSTS):
            times = measure(database, f"Person {index}", cost,
                            1 if cost == vault.SENSITIVE_KDF else runs)
            median = statistics.median(times)
            floor = floor or median
            memory = (f"{cost.memlimit >> 20} MiB" if cost.memlimit >= 2**20
                      else f"{cost.memlimit >> 10} KiB")
            print(f"{label:<20} {cost.opslimit:>4} {memory:>9} "
                  f"{median:>14.3f} s {1 / median:>15,.2f}"
                  + ("" if median == floor else f"   ({median / floor:,.0f}x the floor)"))
        database.dispose()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
