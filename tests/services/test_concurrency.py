"""Nothing lost under concurrency: reports filed at the same moment by several threads (the web
service's gunicorn threads) and by another process (the intake job next to the web service)
all land, each with its own case number, and the audit chain stays whole.

Two units of work that both read the year's last case number or the audit log's last record
before either writes would collide; on SQLite `BEGIN IMMEDIATE` and an in-process lock keep
them apart, on MariaDB the unique constraints and the retry of `file_report` do
(`bvr/storage/db.py`, `bvr/services/reports.py`).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from pathlib import Path

from sqlalchemy import select

from bvr.domain import Channel
from bvr.services.core import Core
from bvr.services.reports import ReportInput, file_report
from bvr.storage import audit
from bvr.storage.models import Case
from tests.services.helpers import officers

THREADS = 6
EACH = 8


def _file_many(core: Core, tag: str, numbers: list[str], failures: list[str]) -> None:
    for index in range(EACH):
        try:
            numbers.append(file_report(core, ReportInput(
                channel=Channel.WEB_FORM, what_happened=f"Report {tag}-{index}",
                source_key=f"test:{tag}:{index}")).number)
        except Exception as error:  # counted, so the test names what went wrong
            failures.append(f"{tag}-{index}: {type(error).__name__}: {error}")


def test_R_7_1_reports_filed_at_once_by_many_threads_all_land(core: Core) -> None:
    officers(core)
    numbers: list[str] = []
    failures: list[str] = []
    threads = [threading.Thread(target=_file_many, args=(core, f"t{n}", numbers, failures))
               for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len(numbers) == len(set(numbers)) == THREADS * EACH
    with core.database.transaction() as session:
        assert len(session.scalars(select(Case.number)).all()) == THREADS * EACH
        assert audit.verify(session) is None


def test_R_7_1_a_second_process_filing_at_the_same_time_loses_nothing(
        core: Core, tmp_path: Path) -> None:
    officers(core)
    script = tmp_path / "other_process.py"
    script.write_text(textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(Path(__file__).parents[2])!r})
        from bvr import vault
        from bvr.config import Config
        from bvr.services.core import Core
        from bvr.storage.db import Database
        from tests.services.test_concurrency import _file_many
        core = Core(Config(), Database(sys.argv[1]), kdf_cost=vault.FAST_KDF_FOR_TESTS)
        numbers, failures = [], []
        for round in range({THREADS}):
            _file_many(core, f"p{{round}}", numbers, failures)
        print("\\n".join(failures))
        sys.exit(1 if failures else 0)
    """), encoding="utf-8")
    other = subprocess.Popen([sys.executable, str(script), core.database.url],
                             stdout=subprocess.PIPE, text=True)
    numbers: list[str] = []
    failures: list[str] = []
    for round_ in range(THREADS):
        _file_many(core, f"m{round_}", numbers, failures)
    output, _ = other.communicate(timeout=300)
    assert other.returncode == 0, output
    assert failures == []
    with core.database.transaction() as session:
        assert len(set(session.scalars(select(Case.number)).all())) == 2 * THREADS * EACH
        assert audit.verify(session) is None
