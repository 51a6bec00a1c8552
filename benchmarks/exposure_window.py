"""Exposure window of wiki reports: seconds from save to hidden, and API requests per report.

Starts its own local association wiki (test bed), an SMTP capture and a SQLite database, then
runs two phases against the same wiki, one after the other:

1. the floor: a bare poller (plain HTTP, no storage, no email) that lists RecentChanges every
   `interval` seconds and deletes and hides each new report page;
2. `python -m bot.intake --watch` (the real job: parse, encrypt, commit, alert, delete, hide,
   wiki email), polling at the same interval.

In each phase `count` reports are saved at random moments (uniform gaps of 0.2 to 2 s). An
observer logged in as an administrator asks every 0.1 s which saved revisions are deleted
with text and summary hidden, and in the intake phase also whether the page's creation log
entry (which quotes the report) is hidden: "hidden" is the moment all of that holds (so both
phases are timed alike, to about 0.1 s; the floor leaves the log entry as it is, as the job
did before issue 10). Requests per report are counted in the wiki's own access log, minus the
saver's and the observer's requests and minus the fixed start-up requests (login, site
information, tokens: until the worker polls), which are printed apart because they do not
grow with the number of reports. Throttles are zero on both sides (test bed user-config).

Last, the sealed path (issue 10, ADR 0005): up to 20 reports sealed as the gadget seals them
are saved, and the wiki's database files and server logs are searched for their plaintext
after each save (`sealed_exposure.py`). Goal: 0 s, no plaintext ever on the wiki.

Usage: python benchmarks/exposure_window.py [COUNT] [INTERVAL]
"""

from __future__ import annotations

import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sealed_exposure import plaintext_exposure  # noqa: E402  (this folder)

from bvr import intake_key, vault  # noqa: E402
from bvr.config import ENV_BLIND_INDEX_KEY, ENV_CONFIG, ENV_DATABASE_URL  # noqa: E402
from bvr.domain import Role  # noqa: E402
from bvr.services import people  # noqa: E402
from bvr.services.core import Core  # noqa: E402
from bvr.storage import schema  # noqa: E402
from bvr.storage.db import Database  # noqa: E402
from testbed.mediawiki import LocalWiki, WikiFarm, WikiSession  # noqa: E402
from testbed.pywikibot_dir import environment, family_name, write_pywikibot_dir  # noqa: E402
from testbed.smtp import SmtpCapture  # noqa: E402

PREFIX = "BVR-melding/"
TEXT = "{{BVR-melding\n| wat = benchmark %s\n| noodgeval = nee\n| taal = nl\n}}"


@dataclass
class Phase:
    name: str
    saved: dict[int, float] = field(default_factory=dict)  # revid -> save time
    hidden: dict[int, float] = field(default_factory=dict)
    log_too: bool = False  # "hidden" includes the creation log entry
    titles: dict[int, str] = field(default_factory=dict)  # revid -> title
    revisions_hidden: set[int] = field(default_factory=set)
    own_requests: int = 0  # saver + observer
    lock: threading.Lock = field(default_factory=threading.Lock)


def api_requests(wiki: LocalWiki) -> int:
    text = wiki.log_file.read_text(encoding="utf-8", errors="replace")
    return sum(1 for line in text.splitlines() if "]: GET /api.php" in line
               or "]: POST /api.php" in line)


def observe(wiki: LocalWiki, admin: WikiSession, phase: Phase, stop: threading.Event) -> None:
    while not stop.is_set():
        with phase.lock:
            pending = [r for r in phase.saved if r not in phase.hidden]
        if pending:
            answer = admin.get(action="query", revids="|".join(map(str, pending[:50])),
                               prop="deletedrevisions", drvprop="ids|comment")
            logs_hidden: set[str] = set()
            if phase.log_too:
                events = admin.get(action="query", list="logevents", letype="create",
                                   leprop="title|comment", lelimit="max")
                logs_hidden = {e.get("title", "") for e in events["query"]["logevents"]
                               if e.get("commenthidden")}
            now = time.time()
            with phase.lock:
                phase.own_requests += 2 if phase.log_too else 1
                for page in answer["query"].get("pages", []):
                    for rev in page.get("deletedrevisions", []):
                        if rev.get("commenthidden"):
                            phase.revisions_hidden.add(int(rev["revid"]))
                for revid in pending:
                    log_done = not phase.log_too or phase.titles[revid] in logs_hidden
                    if revid in phase.revisions_hidden and log_done:
                        phase.hidden.setdefault(revid, now)
        time.sleep(0.1)


def save_reports(reporter: WikiSession, phase: Phase, count: int) -> None:
    for index in range(count):
        time.sleep(random.uniform(0.2, 2.0))  # noqa: S311 (timing, not security)
        title = f"{PREFIX}{phase.name}-{index}-{secrets.token_hex(3)}"
        answer = reporter.post_with_token(action="edit", title=title,
                                          text=TEXT % index, createonly=True)
        with phase.lock:
            revid = int(answer["edit"]["newrevid"])
            phase.saved[revid] = time.time()
            phase.titles[revid] = title
            phase.own_requests += 2  # token + edit


def floor(wiki: LocalWiki, bot: WikiSession, interval: float, stop: threading.Event) -> None:
    """The bare poller: RecentChanges, delete, hide. No parsing, storage or email."""
    token = bot.token()
    last_ts, seen = None, set()
    while not stop.is_set():
        started = time.monotonic()
        params = {"action": "query", "list": "recentchanges", "rctype": "new",
                  "rcnamespace": 0, "rcprop": "ids|title|timestamp", "rcdir": "newer",
                  "rclimit": "max"}
        if last_ts:
            params["rcstart"] = last_ts
        for rc in bot.get(**params)["query"]["recentchanges"]:
            last_ts = rc["timestamp"]
            if rc["rcid"] in seen or not rc["title"].startswith(PREFIX):
                continue
            seen.add(rc["rcid"])
            bot.post(action="delete", pageid=rc["pageid"], reason="floor", token=token)
            bot.post(action="revisiondelete", type="archive", target=rc["title"],
                     ids="".join(c for c in rc["timestamp"] if c.isdigit()),
                     hide="content|comment", reason="floor", token=token)
        time.sleep(max(0.0, interval - (time.monotonic() - started)))


def run_phase(wiki: LocalWiki, name: str, count: int, admin: WikiSession,
              reporter: WikiSession, start_worker: object) -> tuple[Phase, int, int]:
    """The phase, its requests after start-up, and its start-up requests."""
    phase = Phase(name, log_too=name == "intake")
    stop = threading.Event()
    observer = threading.Thread(target=observe, args=(wiki, admin, phase, stop))
    before = api_requests(wiki)
    finish = start_worker()  # type: ignore[operator]
    polling = api_requests(wiki)  # start_worker returns once the worker polls
    observer.start()
    save_reports(reporter, phase, count)
    deadline = time.time() + 60
    while len(phase.hidden) < count and time.time() < deadline:
        time.sleep(0.2)
    stop.set()
    observer.join()
    finish()
    time.sleep(0.3)
    return phase, api_requests(wiki) - polling - phase.own_requests, polling - before


def report(phase: Phase, requests: int, count: int, startup: int) -> tuple[float, float]:
    windows = sorted(phase.hidden[r] - phase.saved[r] for r in phase.hidden)
    missing = count - len(windows)
    p50 = statistics.median(windows)
    p95 = windows[min(len(windows) - 1, round(0.95 * (len(windows) - 1)))]
    print(f"{phase.name:>8}: p50 {p50:.2f} s  p95 {p95:.2f} s  max {windows[-1]:.2f} s  "
          f"requests/report {requests / count:.2f} (+{startup} at start-up)"
          + (f"  NOT HIDDEN: {missing}" if missing else ""))
    return p95, requests / count


def key_holders(base: Path, key: str) -> str:
    """A fresh database with a director and a board member BVR; returns its URL."""
    db_url = f"sqlite:///{base / 'bvr.sqlite3'}"
    os.environ[ENV_BLIND_INDEX_KEY] = key
    database = Database(db_url)
    schema.upgrade(database)
    core = Core(__import__("bvr.config").config.Config(), database,
                kdf_cost=vault.FAST_KDF_FOR_TESTS)
    for name, roles in (("Director", (Role.DIRECTOR,)), ("Board", (Role.BOARD_BVR,))):
        people.add_person(core, name, roles)
        people.set_passphrase(core, name, "benchmark passphrase")
    database.dispose()
    return db_url


def main(count: int, interval: float) -> None:
    with tempfile.TemporaryDirectory() as directory, SmtpCapture() as smtp:
        base = Path(directory)
        farm = WikiFarm(base / "wikis", ("nl",), smtp_port=smtp.port)
        with farm:
            wiki = farm["nl"]
            assert farm.bot_password is not None
            pwb = write_pywikibot_dir(base / "pywikibot", [wiki], farm.bot_password)
            key = secrets.token_hex(32)
            db_url = key_holders(base, key)
            (base / "bvr.toml").write_text(
                f'[wiki]\nfamily = "{family_name(wiki)}"\ncode = "{family_name(wiki)}"\n'
                f'[mail]\nhost = "127.0.0.1"\nport = {smtp.port}\n'
                f'[intake]\npoll_seconds = {interval}\n', encoding="utf-8")
            wiki.create_user("Reporter", "Reporter-bench-2024!", email="r@example.org")
            admin = wiki.login(farm.admin.name, farm.admin.password)
            reporter = wiki.login("Reporter", "Reporter-bench-2024!")
            bot = wiki.login(farm.bot_password.login_name, farm.bot_password.password)

            def start_floor() -> object:
                stop = threading.Event()
                thread = threading.Thread(target=floor, args=(wiki, bot, interval, stop))
                thread.start()

                def finish() -> None:
                    stop.set()
                    thread.join()
                return finish

            def start_job() -> object:
                env = environment(pwb)
                env.update({ENV_CONFIG: str(base / "bvr.toml"), ENV_DATABASE_URL: db_url,
                            ENV_BLIND_INDEX_KEY: key, "PYTHONPATH": str(ROOT)})
                process = subprocess.Popen(
                    [sys.executable, "-m", "bot.intake", "--watch",
                     "--alive-file", str(base / "alive")], env=env, cwd=ROOT,
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                deadline = time.time() + 30
                while not (base / "alive").exists() and time.time() < deadline:
                    time.sleep(0.1)  # logged in and polling: start the clock from here

                def finish() -> None:
                    # SIGTERM lets the job finish the report at hand; on a loaded machine
                    # that can take a while (a run on a machine at load 14 timed out at 30 s).
                    process.terminate()
                    try:
                        process.wait(timeout=180)
                    except subprocess.TimeoutExpired:
                        process.kill()
                        process.wait()
                return finish

            floor_phase, floor_requests, floor_startup = run_phase(
                wiki, "floor", count, admin, reporter, start_floor)
            job_phase, job_requests, job_startup = run_phase(
                wiki, "intake", count, admin, reporter, start_job)
            sealed = plaintext_exposure(wiki, reporter, "Reporter", intake_key.new_key(),
                                        min(count, 20))
            for session in (admin, reporter, bot):
                session.close()
        print(f"reports per phase: {count}, poll interval {interval} s, local MediaWiki")
        floor_p95, floor_rpr = report(floor_phase, floor_requests, count, floor_startup)
        job_p95, job_rpr = report(job_phase, job_requests, count, job_startup)
        print(f"intake - floor: p95 {job_p95 - floor_p95:+.2f} s (goal <= +0.5), "
              f"requests/report {job_rpr - floor_rpr:+.2f} (goal <= +2: the email, and hiding "
              "the creation log entry)")
        print(f"emails captured: {len(smtp.messages)}")
        print(f"{sealed.line()} (goal: 0 s, no plaintext ever on the wiki)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50,
         float(sys.argv[2]) if len(sys.argv) > 2 else 1.0)
