"""The case desk at the size of a real archive: every desk page with 100, 1,000 and 10,000
cases, against a trivial page of the same app measured in the same run.

Set-up per size: a temporary SQLite database (WAL, as `bvr.storage.db` sets it) with the desk's
cast (a director, the board member BVR, two board members, the appeals committee, a contact
person, the confidant), one case filed for real (`file_report`, the "one case page", with
three attachments of 3 MB), and the rest bulk-inserted with SQLAlchemy Core in a realistic
spread over six years:

- states by age: recent cases open (awaiting confirmation, received, in handling, decided, in
  appeal), older ones mostly closed, some declined; categories once triaged; the dates that
  drive the deadlines (investigation report, announcement, closing);
- two parties a case (blind indexes of people without an account), and one case in a hundred
  with an officer as a party (the contact person) and a declared conflict;
- sanctions in a third of the decided cases (register entries sealed to the register's
  readers), appeals in one decided case in twenty, some pending before the board or the
  appeals committee; a few proposals to decline awaiting the board;
- twelve audit records a case, hash-chained as `bvr.storage.audit` writes them.

Each page is requested through Flask's test client (in process, so the figures are the app's
own time, without a web server), logged in with a local account and an unlocked vault key as
the role that reads it. Per page: the median and the p95 of the wall time and of the CPU
time the serving thread spent on the request (`time.thread_time()`: the load other processes
put on the machine does not count in it), and the SQL statements a request sends (an
SQLAlchemy `before_cursor_execute` listener). Two floors, measured in the same run: `GET
/bare`, a route added on the app instance here that returns a constant string (the app's own
request hooks, no desk code), and the login page. The load average is printed before and
after each size.

Goal (issue 13, item 6): p95 <= 200 ms for every desk page at 10,000 cases, and SQL statements
per request independent of the number of cases. The CPU p95 is the figure to hold against
it on a shared machine; the wall time shows what the neighbours add.

Built databases are kept between runs in `$BVR_BENCH_CACHE` (default: the temporary
directory's `bvr-desk-bench-cache`), one a size, keyed by the source of the functions that
build them; each run works on a copy, upgraded to the current schema.

Usage: python benchmarks/desk.py [SIZES ...] [--runs 15] [--rebuild] [--only PAGE] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import inspect
import json
import os
import pstats
import random
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flask import Flask  # noqa: E402
from flask.testing import FlaskClient  # noqa: E402
from sqlalchemy import event, func, insert, select  # noqa: E402

from bvr import vault  # noqa: E402
from bvr.casenumber import CaseNumber  # noqa: E402
from bvr.config import ENV_BLIND_INDEX_KEY, ENV_SECRET_KEY, Config  # noqa: E402
from bvr.domain import (  # noqa: E402
    CaseStatus,
    Category,
    Channel,
    DecisionBody,
    PartyRole,
    Role,
    SanctionType,
)
from bvr.services import casework_accounts, people  # noqa: E402
from bvr.services.attachments import Cleaned  # noqa: E402
from bvr.services.content import seal  # noqa: E402
from bvr.services.core import Core  # noqa: E402
from bvr.services.reports import ReportInput, file_report  # noqa: E402
from bvr.storage import audit, schema  # noqa: E402
from bvr.storage.db import Database  # noqa: E402
from bvr.storage.models import (  # noqa: E402
    Appeal,
    AuditRecord,
    Case,
    ConflictDeclaration,
    Party,
    Person,
    Sanction,
    SanctionKey,
)
from bvr.storage.models_web import DeclineApproval  # noqa: E402

PASSPHRASE = "benchmark vault passphrase"  # noqa: S105 (a throw-away database)
PASSWORD = "benchmark desk password"  # noqa: S105
NOW = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
CAST: dict[str, tuple[Role, ...]] = {
    "Dora": (Role.DIRECTOR, Role.STAFF),
    "Bea": (Role.BOARD, Role.BOARD_BVR),
    "Bob": (Role.BOARD,),  # reads the proposals to decline (Bea is a party in them)
    "Berta": (Role.BOARD,),
    "Ada": (Role.APPEALS_COMMITTEE,),
    "Carl": (Role.CONTACT_PERSON,),
    "Vera": (Role.CONFIDANT,),
}
#: Page, the person who reads it.
PAGES: tuple[tuple[str, str, str], ...] = (
    ("home", "Dora", "/desk/"),
    ("case list", "Dora", "/desk/cases"),
    ("deadlines", "Dora", "/desk/deadlines"),
    ("one case page", "Dora", "/desk/case/{number}"),
    ("audit log", "Bea", "/desk/audit"),
    ("declines", "Bob", "/desk/declines"),
    ("register (director)", "Dora", "/desk/register"),
    ("register (contact)", "Carl", "/desk/register"),
    ("board report", "Dora", "/desk/board-report"),
    ("board report doc", "Dora", "/desk/board-report/2026-2.html"),
    ("case list, last page", "Dora", "/desk/cases?page=1000000&size=200"),
    ("deadlines, 200", "Dora", "/desk/deadlines?size=200"),
    ("audit log by case", "Bea", "/desk/audit?case={number}"),
    ("audit log by person", "Bea", "/desk/audit?person=Dora"),
    ("audit log by action", "Bea", "/desk/audit?action=triaged"),
    ("audit log, last page", "Bea", "/desk/audit?page=1000000&size=200"),
    ("incidents", "Carl", "/desk/incidents"),
    ("incident form", "Carl", "/desk/incident"),
    ("report form", "Dora", "/desk/report"),
    ("conflict form", "Vera", "/desk/conflict"),
    ("screening runs", "Dora", "/desk/screening"),
    ("screening notes", "Dora", "/desk/screening/notes"),
    ("why page", "Dora", "/desk/why/R-10.1"),
)
AUDIT_ACTIONS = ("report-filed", "case-read", "status:received->in_handling", "triaged",
                 "handler-assigned", "entry-added:note", "entry-added:hearing",
                 "decision-announced", "sanction:warning", "key-wrapped", "cases-listed",
                 "login-local")


def _cases(n: int, rng: random.Random) -> Iterator[dict[str, Any]]:
    """`n` cases over six years, newest first; states and dates by age."""
    span = timedelta(days=6 * 365)
    sequences: dict[int, int] = {}
    for index in range(n):
        received = NOW - span * (index + 1) / (n + 1) - timedelta(minutes=rng.randrange(600))
        age = (NOW - received).days
        roll = rng.random()
        if age < 14:
            status = rng.choice([CaseStatus.AWAITING_CONFIRMATION, CaseStatus.RECEIVED,
                                 CaseStatus.IN_HANDLING])
        elif age < 120:
            status = (CaseStatus.IN_HANDLING if roll < 0.4 else CaseStatus.DECIDED if roll < 0.7
                      else CaseStatus.IN_APPEAL if roll < 0.8 else CaseStatus.CLOSED)
        else:
            status = (CaseStatus.CLOSED if roll < 0.86 else CaseStatus.DECLINED if roll < 0.96
                      else CaseStatus.DECIDED if roll < 0.98 else CaseStatus.IN_HANDLING)
        anonymous = status is CaseStatus.AWAITING_CONFIRMATION or rng.random() < 0.05
        decided = status in {CaseStatus.DECIDED, CaseStatus.IN_APPEAL, CaseStatus.CLOSED}
        reported = received + timedelta(days=rng.randrange(10, 40)) if decided else None
        announced = reported + timedelta(days=rng.randrange(2, 14)) if reported else None
        year = received.year
        sequences[year] = sequences.get(year, 0) + 1
        yield {
            "number": str(CaseNumber("BVR", year, sequences[year])), "year": year,
            "sequence": sequences[year], "status": status,
            "channel": rng.choice(list(Channel)),
            "category": None if status in {CaseStatus.AWAITING_CONFIRMATION,
                                           CaseStatus.RECEIVED}
            else rng.choice(list(Category)),
            "anonymous": anonymous, "emergency": rng.random() < 0.02,
            "during_event": rng.random() < 0.2, "received_at": received,
            "taken_into_handling_at": None if status in {
                CaseStatus.AWAITING_CONFIRMATION, CaseStatus.RECEIVED, CaseStatus.DECLINED}
            else received + timedelta(days=1),
            "investigation_report_at": reported, "decision_announced_at": announced,
            "closed_at": announced + timedelta(days=60) if status is CaseStatus.CLOSED
            and announced else received + timedelta(days=20)
            if status is CaseStatus.DECLINED else None,
        }


def build(core: Core, n: int, seed: int = 13) -> str:
    """The cast, one real case (its number is returned) and `n - 1` bulk cases."""
    rng = random.Random(seed)  # noqa: S311 (made-up data, no secret)
    for name, roles in CAST.items():
        people.add_person(core, name, roles, language="nl", email=f"{name.lower()}@example.org")
        people.set_passphrase(core, name, PASSPHRASE)
        casework_accounts.set_local_password(core, name, PASSWORD)
    # With three screenshots of 3 MB, sealed as the form seals them: the case page lists
    # them, and must not read megabytes to do so.
    shots = [Cleaned(f"screenshot-{i}.png", "image/png", rng.randbytes(3 * 2**20))
             for i in range(3)]
    real = file_report(core, ReportInput(channel=Channel.WEB_FORM, language="nl",
                                         what_happened="Benchmark: shouted at in the meetup.",
                                         ), attachments=shots).number
    with core.database.transaction() as session:
        ids = {p.username: p.id for p in session.scalars(select(Person))}
        keys = {p.username: p.public_key or b"" for p in session.scalars(select(Person))}
        rows = list(_cases(n - 1, rng))
        # Bulk numbers must not collide with the real case's (this year, sequence 1).
        for row in rows:
            if row["year"] == NOW.year:
                row["sequence"] += 1
                row["number"] = str(CaseNumber("BVR", row["year"], row["sequence"]))
        session.execute(insert(Case), rows)
        cases = session.execute(select(Case.id, Case.status, Case.received_at,
                                       Case.decision_announced_at)
                                .where(Case.number != real)).all()
        parties, conflicts, sanctions, appeals, approvals = _related(
            list(cases), ids, {name: core.blind_index(name) for name in ("Carl", "Bea")}, rng)
        session.execute(insert(Party), parties)
        if conflicts:
            session.execute(insert(ConflictDeclaration), conflicts)
        if appeals:
            session.execute(insert(Appeal), appeals)
        if approvals:
            session.execute(insert(DeclineApproval), approvals)
        # Register entries, each sealed with its own key, wrapped to its readers.
        readers = ("Dora", "Bea", "Carl")
        for row in sanctions:
            key = vault.new_data_key()
            row["register_ciphertext"] = seal(key, {"username": f"User{rng.randrange(10**6)}",
                                                    "scope": "all events"})
            row["_wrapped"] = {name: vault.wrap(key, keys[name]) for name in readers}
        wrapped = [row.pop("_wrapped") for row in sanctions]
        if sanctions:
            session.execute(insert(Sanction), sanctions)
        sanction_ids = session.scalars(select(Sanction.id).order_by(Sanction.id)).all()
        session.execute(insert(SanctionKey), [
            {"sanction_id": sid, "person_id": ids[name], "wrapped_key": by_name[name]}
            for sid, by_name in zip(sanction_ids, wrapped, strict=True) for name in readers])
        _audit_rows(session, [(c[0], c[2]) for c in cases], ids, rng)
    return real


def _related(cases: list[Any], ids: dict[str, int], indexes: dict[str, str],
             rng: random.Random) -> tuple[list[dict[str, Any]], ...]:
    """Parties, conflicts, sanctions, appeals and decline approvals of the bulk cases."""
    parties, conflicts, sanctions, appeals, approvals = [], [], [], [], []
    for case_id, status, received, announced in cases:
        # A proposal to decline a report about the board member BVR: the board decides it.
        proposed = status is CaseStatus.RECEIVED and rng.random() < 0.3
        for role in (PartyRole.REPORTER, PartyRole.RESPONDENT):
            officer = role is PartyRole.RESPONDENT and rng.random() < 0.01
            index = (indexes["Bea"] if proposed and role is PartyRole.RESPONDENT
                     else indexes["Carl"] if officer else secrets.token_hex(32))
            parties.append({"case_id": case_id, "role": role, "blind_index": index,
                            "ciphertext": b"\0" * 200})
            if officer:
                conflicts.append({"case_id": case_id, "person_id": ids["Vera"],
                                  "has_conflict": True, "declared_at": received})
        if announced is not None and rng.random() < 0.33:
            kind = rng.choice(list(SanctionType))
            starts = announced.date()
            sanctions.append({
                "case_id": case_id, "type": kind,
                "decided_by": DecisionBody.DIRECTOR_OR_BOARD_BVR, "decided_at": announced,
                "announced_at": announced, "starts_on": starts,
                "ends_on": None if rng.random() < 0.2 else starts + timedelta(days=365),
                "respondent_index": secrets.token_hex(32), "register_ciphertext": b""})
        if status is CaseStatus.IN_APPEAL or (announced and rng.random() < 0.05):
            appeals.append({"case_id": case_id, "filed_at": announced or received,
                            "appellant_role": PartyRole.RESPONDENT,
                            "against": DecisionBody.DIRECTOR_OR_BOARD_BVR,
                            "heard_by": rng.choice([DecisionBody.BOARD.value,
                                                    DecisionBody.APPEALS_COMMITTEE.value]),
                            "decided_at": None if status is CaseStatus.IN_APPEAL
                            else (announced or received) + timedelta(days=30)})
        if proposed:
            approvals.append({"case_id": case_id, "person_id": ids["Dora"],
                              "approved_at": received + timedelta(hours=2),
                              "at_event": False})
    return parties, conflicts, sanctions, appeals, approvals


def _audit_rows(session: Any, cases: list[tuple[int, datetime]], ids: dict[str, int],
                rng: random.Random) -> None:
    """Twelve records a case, oldest first, chained as `audit.append` chains them."""
    last = session.scalars(select(AuditRecord).order_by(AuditRecord.id.desc()).limit(1)).first()
    previous = last.digest if last else audit.GENESIS
    people_ids = list(ids.values())
    rows = []
    for case_id, received in sorted(cases, key=lambda c: c[1]):
        for step, action in enumerate(AUDIT_ACTIONS):
            at = received + timedelta(hours=step)
            row = {"at": at, "actor": f"person:{rng.choice(people_ids)}", "action": action,
                   "case_id": None if action in {"cases-listed", "login-local"} else case_id,
                   "detail": "", "previous": previous}
            fields = {**row, "at": at.isoformat(timespec="microseconds")}
            canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"))
            row["digest"] = previous = hashlib.sha256(canonical.encode()).hexdigest()
            rows.append(row)
    # The chain continues after the bulk: the next real record links to the last one here.
    for start in range(0, len(rows), 20_000):
        session.execute(insert(AuditRecord), rows[start:start + 20_000])


def _token(client: FlaskClient) -> str:
    """The session's CSRF token, as the desk's forms send it (it changes at login)."""
    with client.session_transaction() as cookie:
        token = cookie.get("csrf") or secrets.token_urlsafe(16)
        cookie["csrf"] = token
    return str(token)


def login(app: Flask, name: str) -> FlaskClient:
    client = app.test_client()
    client.get("/desk/login?uselang=nl")
    answer = client.post("/desk/login", data={"username": name, "password": PASSWORD,
                                              "csrf_token": _token(client)})
    assert answer.status_code == 302, answer.status_code
    answer = client.post("/desk/unlock", data={"passphrase": PASSPHRASE,
                                               "csrf_token": _token(client)})
    assert answer.status_code == 302, answer.status_code
    return client


@dataclass(frozen=True)
class Figures:
    """One page's figures over the runs (seconds; statements a request)."""

    median: float
    p95: float
    cpu_median: float
    cpu_p95: float
    statements: float
    status: int


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure(client: FlaskClient, path: str, runs: int, counter: list[int]) -> Figures:
    """Wall time, CPU time of the serving thread and statements a request, over `runs`.

    The test client serves in this thread, so `time.thread_time()` around a request is the
    CPU the app spent on it: what other processes on the machine do does not count in it
    (only cache and memory-bus contention does). Waiting for SQLite's disk reads does not
    count either, but at these sizes the database file sits in the page cache."""
    client.get(path)  # warm: templates compiled, caches filled
    walls, cpus, statements, status = [], [], [], 0
    for _ in range(runs):
        counter[0] = 0
        cpu, wall = time.thread_time(), time.perf_counter()
        answer = client.get(path)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.thread_time() - cpu)
        statements.append(counter[0])
        status = answer.status_code
    return Figures(statistics.median(walls), _p95(walls), statistics.median(cpus), _p95(cpus),
                   statistics.median(statements), status)


def _load() -> str:
    """The machine's load averages (1, 5, 15 minutes), as `uptime` prints them."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


#: Built databases are kept here between runs (one file a size), keyed by the source of the
#: functions that build them; `BVR_BENCH_CACHE` moves it, `--rebuild` ignores it.
CACHE = Path(os.environ.get("BVR_BENCH_CACHE",
                            Path(tempfile.gettempdir()) / "bvr-desk-bench-cache"))


def _cache_key(n: int) -> str:
    source = "".join(inspect.getsource(f) for f in (_cases, build, _related, _audit_rows))
    return hashlib.sha256(f"{n}:{CAST}:{source}".encode()).hexdigest()[:16]


def _prepare(n: int, tmp: Path, rebuild: bool) -> tuple[Core, str, float | None]:
    """A database of `n` cases in `tmp`: a copy of the cached build, or built (and cached).
    The keys the blind indexes and sessions use are kept with the build. Returns the core,
    the real case's number and the build time (None when the copy was used)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    cached = CACHE / f"desk-{n}-{_cache_key(n)}.sqlite3"
    meta = cached.with_suffix(".json")
    target = tmp / "bvr.sqlite3"
    built: float | None = None
    if cached.exists() and meta.exists() and not rebuild:
        saved = json.loads(meta.read_text())
        os.environ[ENV_BLIND_INDEX_KEY] = saved["blind"]
        os.environ[ENV_SECRET_KEY] = saved["secret"]
        shutil.copyfile(cached, target)
        number = saved["number"]
    else:
        os.environ.setdefault(ENV_BLIND_INDEX_KEY, secrets.token_hex(32))
        os.environ.setdefault(ENV_SECRET_KEY, secrets.token_hex(32))
        database = Database(f"sqlite:///{target}")
        schema.upgrade(database)
        core = _core(database)
        started = time.perf_counter()
        number = build(core, n)
        built = time.perf_counter() - started
        database.dispose()
        for stale in CACHE.glob(f"desk-{n}-*"):
            stale.unlink()
        shutil.copyfile(target, cached)
        meta.write_text(json.dumps({"blind": os.environ[ENV_BLIND_INDEX_KEY],
                                    "secret": os.environ[ENV_SECRET_KEY], "number": number}))
    database = Database(f"sqlite:///{target}")
    schema.upgrade(database)  # a migration newer than the cached build applies here
    return _core(database), number, built


def _core(database: Database) -> Core:
    core = Core(Config(), database, clock=lambda: NOW, kdf_cost=vault.FAST_KDF_FOR_TESTS)
    core.config = replace(core.config, emergency_contacts=("alarm@example.org",))
    return core


def _row(name: str, f: Figures) -> str:
    mark = "" if f.cpu_p95 <= 0.2 else "  > 200 ms"
    return (f"{name:<24}{f.median * 1e3:>8.1f}{f.p95 * 1e3:>8.1f}{f.cpu_median * 1e3:>8.1f}"
            f"{f.cpu_p95 * 1e3:>8.1f}{f.statements:>8.0f}{f.status:>7}{mark}")


def _profile(client: FlaskClient, path: str) -> None:
    """Where one request's time goes: the 25 costliest functions, cumulative (or as
    `BVR_BENCH_SORT` says, e.g. `tottime`)."""
    profiler = cProfile.Profile()
    profiler.runcall(client.get, path)
    order = os.environ.get("BVR_BENCH_SORT", "cumulative")
    pstats.Stats(profiler).sort_stats(order).print_stats(25)


def run_size(n: int, runs: int, rebuild: bool, only: str, profile: bool = False) -> None:
    with tempfile.TemporaryDirectory(prefix="bvr-desk-bench-") as tmp:
        core, number, built = _prepare(n, Path(tmp), rebuild)
        database = core.database
        from webhook import create_app

        app = create_app(core=core)
        app.config["TESTING"] = True  # as the desk tests: cookies over plain http
        app.add_url_rule("/bare", "bare", lambda: "ok")
        counter = [0]

        @event.listens_for(database.engine, "before_cursor_execute")
        def _count(*_args: Any) -> None:
            counter[0] += 1

        clients = {name: login(app, name) for name in {who for _, who, _ in PAGES}}
        with database.transaction() as session:
            audit_rows = session.scalar(select(func.count(AuditRecord.id)))
        how = f"built in {built:.1f} s" if built is not None else "copied from the cache"
        print(f"\n{n:,} cases ({audit_rows:,} audit records), {how}; load {_load()}")
        print(f"{'page':<24}{'wall ms':>16}{'CPU ms':>16}{'SQL':>8}{'status':>7}")
        print(f"{'':<24}{'median':>8}{'p95':>8}{'median':>8}{'p95':>8}{'/req':>8}")
        print(_row("floor (GET /bare)", measure(clients["Dora"], "/bare", runs, counter)))
        anonymous = app.test_client()
        print(_row("floor (GET login)", measure(anonymous, "/desk/login", runs, counter)))
        for page, who, path in PAGES:
            if only and only not in page:
                continue
            print(_row(page, measure(clients[who], path.format(number=number), runs, counter)),
                  flush=True)
            if profile:
                _profile(clients[who], path.format(number=number))
        print(f"load after: {_load()}")
        database.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000, 10_000])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--rebuild", action="store_true", help="ignore the cached databases")
    parser.add_argument("--only", default="", help="only the pages whose name holds this")
    parser.add_argument("--profile", action="store_true",
                        help="after each page's figures, profile one request of it")
    args = parser.parse_args()
    for n in args.sizes:
        run_size(n, args.runs, args.rebuild, args.only, args.profile)


if __name__ == "__main__":
    main()
