"""Filing throughput: `file_report` against bare inserts of the same size, on SQLite.

Prints reports per second for both and the ratio. Usage: python benchmarks/filing.py [N]
"""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

from bvr import vault
from bvr.config import ENV_BLIND_INDEX_KEY, Config
from bvr.domain import Channel, PartyRole, Role
from bvr.services import people
from bvr.services.core import Core
from bvr.services.reports import PartyInput, ReportInput, file_report
from bvr.storage import schema
from bvr.storage.db import Database


def main(count: int) -> None:
    os.environ.setdefault(ENV_BLIND_INDEX_KEY, secrets.token_hex(32))
    with tempfile.TemporaryDirectory() as directory:
        database = Database(f"sqlite:///{Path(directory) / 'bench.sqlite3'}")
        schema.upgrade(database)
        core = Core(Config(), database, kdf_cost=vault.FAST_KDF_FOR_TESTS)
        people.add_person(core, "Director", (Role.DIRECTOR,))
        people.add_person(core, "Board", (Role.BOARD_BVR,))
        for name in ("Director", "Board"):
            people.set_passphrase(core, name, "benchmark passphrase")
        report = ReportInput(Channel.WRITTEN, "x" * 2000, parties=(
            PartyInput(PartyRole.REPORTER, name="R"),
            PartyInput(PartyRole.RESPONDENT, username="U")))

        start = time.perf_counter()
        for _ in range(count):
            file_report(core, report)
        filing = time.perf_counter() - start

        # Floor: one transaction per report with the same number of rows and bytes, no crypto.
        with database.engine.begin() as connection:
            connection.execute(text("CREATE TABLE floor (id INTEGER PRIMARY KEY, b BLOB)"))
        blob = secrets.token_bytes(2100)
        start = time.perf_counter()
        for _ in range(count):
            with database.engine.begin() as connection:
                for _row in range(6):  # case, 2 keys, entry, 2 parties (+ audit below)
                    connection.execute(text("INSERT INTO floor (b) VALUES (:b)"), {"b": blob})
                connection.execute(text("INSERT INTO floor (b) VALUES (:b)"), {"b": b"a"})
        floor = time.perf_counter() - start
        database.dispose()

    print(f"reports filed:          {count}")
    for label, seconds in (("file_report:", filing), ("floor (bare inserts):", floor)):
        print(f"{label:<24}{count / seconds:8.1f} reports/s ({1000 * seconds / count:.2f} ms each)")
    print(f"ratio (filing / floor): {filing / floor:8.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
