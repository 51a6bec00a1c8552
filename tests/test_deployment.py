"""The deployment files name only what exists: every `bvr` command in the Procfile and in
jobs.yaml answers `--help`, the web entry names the app factory, and jobs.yaml has the shape
`toolforge jobs load` expects (continuous intake with a health check, the schedules of
ARCHITECTURE.md, mail on failure).

Until every command of the final `bvr` (intake, publish, footers, acks, remind, retention...)
is registered in bvr/cli.py, the `--help` checks fail by design: they are the list of what is
still missing.
"""

from __future__ import annotations

import importlib
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import requests
import yaml

ROOT = Path(__file__).parents[1]
SCHEDULES = {"publish": "@hourly", "recheck": "@hourly", "footers": "@daily", "remind": "@daily",
             "retention": "@daily", "acks": "@daily"}


def _procfile() -> dict[str, str]:
    entries = {}
    for line in (ROOT / "Procfile").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, command = line.partition(":")
            entries[name.strip()] = command.strip()
    return entries


def _jobs() -> list[dict[str, object]]:
    jobs = yaml.safe_load((ROOT / "jobs.yaml").read_text(encoding="utf-8"))
    assert isinstance(jobs, list)
    return jobs


def _bvr_commands() -> list[list[str]]:
    """Every `bvr ...` command line the Procfile runs (jobs.yaml runs Procfile entries)."""
    lines = [shlex.split(command) for command in _procfile().values()]
    return [line[1:] for line in lines if line[0] == "bvr"]


def _timer_jobs() -> dict[str, str]:
    """Self-hosting: timer name -> the command its service runs (`bvr-job@<job>.service` runs
    `bvr <job>`; a job with a subcommand has its own `bvr-<job>.service`)."""
    units = ROOT / "deploy" / "systemd"
    found = {}
    for timer in units.glob("bvr-*.timer"):
        for line in timer.read_text(encoding="utf-8").splitlines():
            if line.startswith("Unit=bvr-job@"):
                job = line.removeprefix("Unit=bvr-job@").removesuffix(".service")
                found[timer.stem] = f"bvr {job}"
            elif line.startswith("Unit="):
                service = (units / line.removeprefix("Unit=")).read_text(encoding="utf-8")
                start = next(entry for entry in service.splitlines()
                             if entry.startswith("ExecStart="))
                found[timer.stem] = "bvr " + start.split("/bin/bvr ", 1)[1]
    return found


def test_jobs_name_procfile_entries_with_the_schedules_toolforge_needs() -> None:
    procfile = _procfile()
    jobs = {str(job["name"]): job for job in _jobs()}
    assert set(jobs) == {"intake", *SCHEDULES}
    for name, job in jobs.items():
        assert str(job["command"]).split()[0] in procfile, name
        assert job["emails"] == "onfailure", name
        assert str(job["image"]).endswith(":latest"), name
    assert jobs["intake"]["continuous"] is True and "health-check-script" in jobs["intake"]
    # The health check reads the file the watcher touches after every round.
    from bot.intake.cli import ALIVE_FILE

    assert ALIVE_FILE in str(jobs["intake"]["health-check-script"])
    assert "schedule" not in jobs["intake"]
    assert {name: jobs[name]["schedule"] for name in SCHEDULES} == SCHEDULES
    assert procfile["intake"] == "bvr intake --watch"


def test_self_hosting_runs_the_same_jobs_on_the_same_rhythm() -> None:
    procfile = _procfile()
    assert {f"bvr-{job}": procfile[job] for job in SCHEDULES} == _timer_jobs()
    crontab = (ROOT / "deploy" / "systemd" / "crontab.example").read_text(encoding="utf-8")
    for job in SCHEDULES:
        assert f"bin/{procfile[job]}\n" in crontab, job
    units = (ROOT / "deploy" / "systemd")
    assert "bvr intake --watch" in (units / "bvr-intake.service").read_text(encoding="utf-8")
    assert '"webhook:create_app()"' in (units / "bvr-web.service").read_text(encoding="utf-8")


def test_the_web_entry_runs_gunicorn_on_the_app_factory() -> None:
    web = shlex.split(_procfile()["web"])
    assert web[0] == "gunicorn" and web[-1] == "webhook:create_app()"
    module, _, call = web[-1].partition(":")
    factory = getattr(importlib.import_module(module), call.removesuffix("()"), None)
    assert callable(factory), "webhook.create_app does not exist (yet)"


def test_the_web_entry_runs_one_worker_process() -> None:
    """Unlocked vault keys live only in the memory of the process that unlocked them
    (webhook/auth/sessions.py): a second worker would not know a login made in the first."""
    service = (ROOT / "deploy" / "systemd" / "bvr-web.service").read_text(encoding="utf-8")
    start = next(line for line in service.splitlines() if line.startswith("ExecStart="))
    for command in (_procfile()["web"], start):
        words = shlex.split(command)
        assert words[words.index("--workers") + 1] == "1", command


def test_the_web_access_log_keeps_no_address_and_no_user_agent() -> None:
    """gunicorn's default access log format starts with the client address (%(h)s) and ends
    with the user agent (%(a)s); the public form promises to keep neither."""
    service = (ROOT / "deploy" / "systemd" / "bvr-web.service").read_text(encoding="utf-8")
    start = next(line for line in service.splitlines() if line.startswith("ExecStart="))
    for command in (_procfile()["web"], start.removeprefix("ExecStart=").replace("%%", "%")):
        words = shlex.split(command)
        assert "--access-logformat" in words, command
        log_format = words[words.index("--access-logformat") + 1]
        for field in ("%(h)s", "%(a)s", "%(r)s", "%(q)s", "%({x-forwarded-for}i)s"):
            assert field not in log_format, (field, command)


@pytest.mark.parametrize("command", _bvr_commands(), ids=" ".join)
def test_every_command_in_the_deployment_files_exists(command: list[str]) -> None:
    words = [word for word in command if not word.startswith("-")]
    result = subprocess.run([sys.executable, "-m", "bvr", *words, "--help"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, f"bvr {' '.join(words)}: {result.stderr.strip()}"
    for option in (word.split("=")[0] for word in command if word.startswith("--")):
        assert option in result.stdout, f"bvr {' '.join(words)} has no {option}"


def test_the_web_entry_serves_health_under_gunicorn_and_logs_no_address(tmp_path: Path) -> None:
    """The Procfile's `web` line as Toolforge runs it: gunicorn on $PORT answers /healthz, and
    its access log names neither the client's address nor its browser."""
    from bvr.config import ENV_BLIND_INDEX_KEY, ENV_DATABASE_URL
    from bvr.storage import schema
    from bvr.storage.db import Database
    from testbed.ports import free_port, wait_until_listening

    database_url = f"sqlite:///{tmp_path / 'bvr.sqlite3'}"
    database = Database(database_url)
    schema.upgrade(database)
    database.dispose()
    port = free_port()
    env = {**os.environ, "PORT": str(port), ENV_DATABASE_URL: database_url,
           ENV_BLIND_INDEX_KEY: "ab" * 32, "BVR_SECRET_KEY": "cd" * 32,
           "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}"}
    command = _procfile()["web"].replace("${PORT:-8000}", str(port))
    agent = "PlantedAgent/1.0 (deployment test)"
    with subprocess.Popen(shlex.split(command), cwd=ROOT, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True) as server:
        try:
            assert wait_until_listening(port, timeout=30), "gunicorn did not start"
            # gunicorn's master listens before its worker has imported the app; on a busy
            # machine that import alone can take longer than 10 s (the Procfile allows 60).
            answer = requests.get(f"http://127.0.0.1:{port}/healthz", timeout=60,
                                  headers={"User-Agent": agent})
            assert answer.status_code == 200 and answer.json() == {"status": "ok"}
        finally:
            server.terminate()
            output, _ = server.communicate(timeout=30)
    assert "GET /healthz 200" in output
    assert "127.0.0.1" not in output.replace(f"127.0.0.1:{port}", "")  # the bind line only
    assert agent not in output
