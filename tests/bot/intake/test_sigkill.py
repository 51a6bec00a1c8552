"""The order of work survives SIGKILL at every step (ISSUE 3, R-15.1, R-7.3): the job runs
as a real process, is killed right after each step, and is started again. Zero reports lost,
zero duplicated, zero left readable, the alert and the acknowledgement sent once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.intake.job import PAUSE_ENV, STEPS
from bvr.config import ENV_BLIND_INDEX_KEY, ENV_CONFIG, ENV_DATABASE_URL
from bvr.services import intake as progress
from bvr.services.core import Core
from bvr.storage.models import Case
from testbed import reporter
from testbed.mediawiki import WikiFarm
from testbed.pywikibot_dir import PywikibotEnv
from testbed.smtp import SmtpCapture
from tests.bot.intake.conftest import ALARM

pytestmark = [pytest.mark.mediawiki, pytest.mark.slow]
ROOT = Path(__file__).parents[3]


def _config_file(core: Core, directory: Path) -> Path:
    config = core.config
    path = directory / "bvr.toml"
    path.write_text(
        f'emergency_contacts = ["{ALARM}"]\n'
        f'[wiki]\nfamily = "{config.wiki.family}"\ncode = "{config.wiki.code}"\n'
        f'[mail]\nhost = "{config.mail.host}"\nport = {config.mail.port}\n', encoding="utf-8")
    return path


def _environment(core: Core, pywikibot_env: PywikibotEnv, config: Path,
                 pause: str | None) -> dict[str, str]:
    env = pywikibot_env.environ()
    env.update({ENV_CONFIG: str(config), ENV_DATABASE_URL: str(core.database.url),
                ENV_BLIND_INDEX_KEY: os.environ[ENV_BLIND_INDEX_KEY], "PYTHONPATH": str(ROOT)})
    env.pop(PAUSE_ENV, None)
    if pause:
        env[PAUSE_ENV] = pause
    return env


def _run_until_paused(env: dict[str, str], step: str) -> None:
    with subprocess.Popen([sys.executable, "-m", "bot.intake", "--once"], env=env, cwd=ROOT,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True) as process:
        assert process.stderr is not None
        paused = False
        for line in process.stderr:
            if line.strip() == f"intake-paused-at {step}":
                paused = True
                break
        if paused:
            process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
    assert paused, f"the job ended without pausing at {step}"


def _to(address: str) -> Callable[[EmailMessage], bool]:
    return lambda message: address in str(message["To"])


def _cases_for(core: Core, revid: int) -> int:
    """Case files of one report (other tests' reports on the shared wiki do not count)."""
    key = f"wiki:{core.config.wiki.code}:{revid}"
    with core.database.transaction() as session:
        return session.scalar(select(func.count()).select_from(Case).where(
            Case.source_key == key)) or 0


def test_R_15_1_sigkill_after_each_step_loses_nothing_and_doubles_nothing(
        wiki_core: Core, wiki_farm: WikiFarm, pywikibot_env: PywikibotEnv,
        smtp_capture: SmtpCapture, make_person: Any, tmp_path: Path) -> None:
    config = _config_file(wiki_core, tmp_path)
    for step in STEPS:
        person = make_person()
        _title, saved = reporter.report(wiki_farm["nl"], person.session,
                                       wat=f"SECRET-{step}", noodgeval="ja")
        smtp_capture.clear()
        _run_until_paused(_environment(wiki_core, pywikibot_env, config, step), step)
        restart = subprocess.run([sys.executable, "-m", "bot.intake", "--once"], cwd=ROOT,
                                 env=_environment(wiki_core, pywikibot_env, config, None),
                                 capture_output=True, text=True, timeout=120, check=False)
        assert restart.returncode == 0, restart.stderr[-2000:]
        assert "SECRET-" not in restart.stdout + restart.stderr  # no report text in logs

        revid = int(str(saved["newrevid"]))
        assert _cases_for(wiki_core, revid) == 1, step  # not lost, not doubled
        assert progress.unfinished(wiki_core) == [], step  # every step done
        with wiki_farm["nl"].session() as anonymous:
            assert not anonymous.get(action="query", revids=revid, prop="revisions")[
                "query"].get("pages"), step
        assert person.email is not None
        smtp_capture.wait_for(_to(person.email))
        time.sleep(0.5)  # let a duplicate arrive, if there were one
        assert len(smtp_capture.sent_to(person.email)) == 1, step
        assert len(smtp_capture.sent_to(ALARM)) == 1, step
