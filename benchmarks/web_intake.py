"""Web intake under load: the real public report form against a bare endpoint of the same app,
both served by gunicorn on loopback, measured in the same run.

Set-up: a temporary directory with a SQLite database (WAL, as `bvr.storage.db` sets it), a
director and a board member BVR with keys (every report is sealed to both), and a TOML
configuration whose rate limits are far above the load, so rate limiting never counts as
loss. gunicorn loads `bench_app()` below: `webhook.create_app()` from that configuration, plus
a trivial `GET /bare` registered on the app instance here (production code is not changed).
The bare endpoint still passes the app's own request hooks (language, CSRF check on POST,
security headers): it is the framework floor of this app, not of an empty Flask.

Two phases, the floor first, each with `--concurrency` clients spread over `--clients`
processes (the load generator must not be the bottleneck):

1. floor: N requests `GET /bare`;
2. form: N reports, each as a new visitor does it: `GET /report` (CSRF token and session
   cookie), then `POST /report` with the token and cookie. A report counts as received only
   when its receipt code, shown on the answer page, is found in the database afterwards
   (its hash in `web_receipt`, and a case filed under that receipt). Lost = N - received.

Printed: requests/s, p50/p99 latency, 5xx and errors for both; for the form also reports/s,
POST latency, lost, and reports in the database that no client was told about. The goal
(issue 4): reports/s >= 40% of the floor's requests/s (a report costs the reporter two
requests; counting both would flatter the form), zero lost of 10,000, no 5xx.

Usage: python benchmarks/web_intake.py [N] [--concurrency 16] [--clients 2] [--workers 1]
       [--threads 4]
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import re
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flask import Flask  # noqa: E402
from sqlalchemy import select  # noqa: E402

from bvr import vault  # noqa: E402
from bvr.config import (  # noqa: E402
    ENV_BLIND_INDEX_KEY,
    ENV_CONFIG,
    ENV_DATABASE_URL,
    ENV_SECRET_KEY,
)
from bvr.config import load as load_config  # noqa: E402
from bvr.domain import Channel, Role  # noqa: E402
from bvr.services import people  # noqa: E402
from bvr.services.casework_web import code_hash  # noqa: E402
from bvr.services.core import Core  # noqa: E402
from bvr.storage import schema  # noqa: E402
from bvr.storage.db import Database  # noqa: E402
from bvr.storage.models import Case  # noqa: E402
from bvr.storage.models_web import WebReceipt  # noqa: E402
from testbed.ports import LOOPBACK, free_port, wait_until_listening  # noqa: E402

HIGH = 1_000_000_000  # rate limits nobody reaches here
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
RECEIPT = re.compile(r'id="receipt-code">\s*([A-Z2-7-]+)\s*<')
TEXT = ("Benchmark report {n}. During the online meetup one participant kept interrupting and "
        "insulted another in the chat; several people left the call. ") * 4


def bench_app() -> Flask:
    """What gunicorn serves: the real app from `$BVR_CONFIG`, plus the floor endpoint."""
    from webhook import create_app

    app = create_app()

    @app.get("/bare")
    def bare() -> str:
        return "ok"

    return app


# --- the load generator (runs in client processes) ------------------------------------------

@dataclass
class Tally:
    statuses: list[int] = field(default_factory=list)  # every HTTP answer
    latencies: list[float] = field(default_factory=list)  # seconds per unit of work
    post_latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # no answer at all (connection errors)
    codes: list[str] = field(default_factory=list)  # receipt codes shown
    refusals: list[str] = field(default_factory=list)  # a report refused: status and why

    def merge(self, other: Tally) -> None:
        for name in ("statuses", "latencies", "post_latencies", "errors", "codes", "refusals"):
            getattr(self, name).extend(getattr(other, name))


def _request(connection: http.client.HTTPConnection, method: str, path: str,
             body: str | None = None, headers: dict[str, str] | None = None,
             ) -> tuple[int, str, str]:
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
    except (OSError, http.client.HTTPException):
        connection.close()  # the next request opens a new connection
        raise
    return response.status, text, response.getheader("Set-Cookie") or ""


def _bare(connection: http.client.HTTPConnection, _n: int, tally: Tally) -> None:
    start = time.perf_counter()
    status, _text, _cookie = _request(connection, "GET", "/bare")
    tally.latencies.append(time.perf_counter() - start)
    tally.statuses.append(status)


def _report(connection: http.client.HTTPConnection, n: int, tally: Tally) -> None:
    start = time.perf_counter()
    status, page, cookie = _request(connection, "GET", "/report",
                                    headers={"Accept-Language": "sv-SE,sv;q=0.9"})
    tally.statuses.append(status)
    token = CSRF.search(page)
    if status != 200 or token is None or not cookie:
        tally.errors.append(f"form page: {status}")
        return
    body = urllib.parse.urlencode({
        "csrf_token": token.group(1), "what_happened": TEXT.format(n=n), "where": "Online",
        "incident_on": "",
        # Names repeat (97 of them), so filing meets earlier cases of the same person.
        "respondent_username": f"Bench user {n % 97}", "anonymous": "1",
        "is_victim": ""})
    posted = time.perf_counter()
    status, page, _cookie = _request(connection, "POST", "/report", body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": cookie.split(";", 1)[0], "Accept-Language": "sv-SE,sv;q=0.9"})
    done = time.perf_counter()
    tally.statuses.append(status)
    tally.post_latencies.append(done - posted)
    tally.latencies.append(done - start)
    code = RECEIPT.search(page)
    if status == 200 and code:
        tally.codes.append(code.group(1))
    elif status < 500:
        # Why it was refused: the page's error list (a message, never form content).
        reason = re.search(r'<ul class="errors"[^>]*>\s*<li>([^<]*)', page)
        tally.refusals.append(f"{status} {reason.group(1) if reason else ''}".strip())


def client_process(args: tuple[str, int, list[int], int]) -> Tally:
    """One client process: `threads` threads working through `numbers` as one queue."""
    kind, port, numbers, threads = args
    work = _report if kind == "form" else _bare
    queue = list(reversed(numbers))
    lock = threading.Lock()
    tallies = [Tally() for _ in range(threads)]

    def run(tally: Tally) -> None:
        connection = http.client.HTTPConnection(LOOPBACK, port, timeout=60)
        while True:
            with lock:
                if not queue:
                    break
                n = queue.pop()
            try:
                work(connection, n, tally)
            except (OSError, http.client.HTTPException) as error:
                tally.errors.append(type(error).__name__)
        connection.close()

    workers = [threading.Thread(target=run, args=(t,)) for t in tallies]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    total = Tally()
    for tally in tallies:
        total.merge(tally)
    return total


def load(kind: str, port: int, count: int, concurrency: int, clients: int) -> tuple[Tally, float]:
    """Run `count` units of `kind` with `concurrency` clients; the tally and wall seconds."""
    clients = max(1, min(clients, concurrency))
    shares = [list(range(i, count, clients)) for i in range(clients)]
    threads = [concurrency // clients + (1 if i < concurrency % clients else 0)
               for i in range(clients)]
    with multiprocessing.get_context("fork").Pool(clients) as pool:
        pool.apply(time.sleep, (0,))  # the processes exist before the clock starts
        start = time.perf_counter()
        results = pool.map(client_process, [(kind, port, share, t)
                                            for share, t in zip(shares, threads, strict=True)])
        seconds = time.perf_counter() - start
    total = Tally()
    for result in results:
        total.merge(result)
    return total, seconds


# --- the server and the database ------------------------------------------------------------

def write_config(directory: Path, port: int) -> Path:
    path = directory / "bench.toml"
    path.write_text(
        f'database_path = "{directory / "bench.sqlite3"}"\n'
        "[web]\n"
        f'public_url = "http://{LOOPBACK}:{port}"\n'
        f"reports_per_hour = {HIGH}\n"
        f"channel_per_hour = {HIGH}\n"
        f"logins_per_hour = {HIGH}\n", encoding="utf-8")
    return path


def prepare_database(config_path: Path) -> None:
    config = load_config(config_path)
    database = Database(config.database_url())
    schema.upgrade(database)
    core = Core(config, database, kdf_cost=vault.FAST_KDF_FOR_TESTS)
    # The two people names: every report is sealed to both. No email addresses, so
    # no notification goes out (the benchmark measures intake, not a mail server).
    people.add_person(core, "Director", (Role.DIRECTOR, Role.STAFF))
    people.add_person(core, "Board bvr", (Role.BOARD, Role.BOARD_BVR))
    for name in ("Director", "Board bvr"):
        people.set_passphrase(core, name, "benchmark passphrase")
    database.dispose()


def start_gunicorn(port: int, workers: int, threads: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "gunicorn", "--bind", f"{LOOPBACK}:{port}",
               "--workers", str(workers), "--threads", str(threads),
               "--worker-class", "gthread" if threads > 1 else "sync",
               "--backlog", "2048", "--timeout", "120", "--log-level", "warning",
               "--pythonpath", str(Path(__file__).parent), "web_intake:bench_app()"]
    server = subprocess.Popen(command, cwd=ROOT)
    if not wait_until_listening(port, timeout=30):
        server.kill()
        raise SystemExit("gunicorn did not start")
    return server


def stop(server: subprocess.Popen[bytes]) -> None:
    server.send_signal(signal.SIGTERM)  # graceful: requests in flight finish first
    try:
        server.wait(timeout=60)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def received(config_path: Path, codes: list[str]) -> tuple[int, int]:
    """How many of `codes` lead to a filed case, and how many web cases the database holds."""
    config = load_config(config_path)
    database = Database(config.database_url())
    with database.transaction() as session:
        filed = dict(session.execute(select(WebReceipt.code_hash, Case.id).join(
            Case, Case.source_key == WebReceipt.source_key).where(
            Case.channel == Channel.WEB_FORM)).all())
    database.dispose()
    return sum(1 for code in set(codes) if code_hash(code) in filed), len(filed)


# --- figures --------------------------------------------------------------------------------

def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def line(label: str, value: str) -> None:
    print(f"  {label:<34}{value}")


def describe(title: str, tally: Tally, seconds: float, units: int, unit: str) -> float:
    requests = len(tally.statuses)
    server_errors = sum(1 for s in tally.statuses if s >= 500)
    print(title)
    line("HTTP requests/s:", f"{requests / seconds:9.1f}  ({requests} in {seconds:.1f} s)")
    line(f"{unit}/s:", f"{units / seconds:9.1f}")
    line(f"latency per {unit[:-1]}, p50 / p99:",
         f"{1000 * statistics.median(tally.latencies or [float('nan')]):7.1f} ms / "
         f"{1000 * percentile(tally.latencies, 0.99):7.1f} ms")
    line("5xx answers:", f"{server_errors:9d}")
    line("other answers (not 2xx/5xx):",
         f"{sum(1 for s in tally.statuses if not (200 <= s < 300 or s >= 500)):9d}")
    line("no answer (connection errors):", f"{len(tally.errors):9d}")
    for reason, times in Counter(tally.refusals + tally.errors).most_common(5):
        line(f"  {times} x", reason[:90])
    return units / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", nargs="?", type=int, default=10_000,
                        help="reports (and bare requests) per phase (default 10000)")
    parser.add_argument("--concurrency", type=int, default=16, help="clients at once")
    parser.add_argument("--clients", type=int, default=2, help="load generator processes")
    # One process with threads, as deployed: desk sessions (and their unlocked keys) live in
    # one process's memory (webhook/auth/sessions.py), so more workers would split them.
    parser.add_argument("--workers", type=int, default=1, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    options = parser.parse_args()

    os.environ.pop(ENV_DATABASE_URL, None)
    os.environ.setdefault(ENV_BLIND_INDEX_KEY, secrets.token_hex(32))
    # One key for all workers: a CSRF token signed by one worker is checked by another.
    os.environ.setdefault(ENV_SECRET_KEY, secrets.token_hex(32))
    count = options.count
    with tempfile.TemporaryDirectory(prefix="bvr-web-bench-") as tmp:
        directory = Path(tmp)
        port = free_port()
        config_path = write_config(directory, port)
        os.environ[ENV_CONFIG] = str(config_path)
        prepare_database(config_path)
        server = start_gunicorn(port, options.workers, options.threads)
        try:
            load("bare", port, min(200, count), options.concurrency, options.clients)  # warm
            floor, floor_seconds = load("bare", port, count, options.concurrency,
                                        options.clients)
            form, form_seconds = load("form", port, count, options.concurrency,
                                      options.clients)
        finally:
            stop(server)  # every answered request is committed before counting
        stored, web_cases = received(config_path, form.codes)

    print(f"web intake on gunicorn ({options.workers} workers x {options.threads} threads), "
          f"SQLite WAL, {os.cpu_count()} CPUs, {options.concurrency} clients in "
          f"{options.clients} processes, N = {count}")
    floor_rate = describe("floor: GET /bare (same app, same hooks)", floor, floor_seconds,
                          count, "requests")
    form_rate = describe("real form: GET /report, then POST /report", form, form_seconds,
                         count, "reports")
    line("POST latency p50 / p99:",
         f"{1000 * statistics.median(form.post_latencies or [float('nan')]):7.1f} ms / "
         f"{1000 * percentile(form.post_latencies, 0.99):7.1f} ms")
    lost = count - stored
    line("receipt codes shown:", f"{len(form.codes):9d}")
    line("received (code found in database):", f"{stored:9d}")
    line("lost (N - received):", f"{lost:9d}")
    line("filed but no code shown:", f"{web_cases - stored:9d}")
    ratio = form_rate / floor_rate
    server_errors = sum(1 for s in floor.statuses + form.statuses if s >= 500)
    print(f"ratio reports/s : floor requests/s   {ratio:6.1%}   (goal >= 40%: "
          f"{'met' if ratio >= 0.40 else 'MISSED'})")
    print(f"  (per HTTP request, GET + POST:     {2 * ratio:6.1%})")
    print(f"lost {lost} of {count}                  (goal 0: {'met' if lost == 0 else 'MISSED'})")
    print(f"5xx answers {server_errors}                   "
          f"(goal 0: {'met' if server_errors == 0 else 'MISSED'})")


if __name__ == "__main__":
    main()
