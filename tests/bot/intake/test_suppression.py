"""Suppression where the bot may suppress (R-7.3): revision deletion hides a report from
readers, but MediaWiki lets every administrator read revision-deleted text. A bot account in a
group with `suppressrevision` (Wikimedia's oversighters) suppresses instead, and then an
administrator cannot read the report either. The account has no email address, as a freshly
made bot account: the job must go on without telling the reporter. Run as a subprocess:
pywikibot reads its account from `PYWIKIBOT_DIR` once per process, and this test needs another
account than the others."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from bvr.config import ENV_BLIND_INDEX_KEY, ENV_CONFIG, ENV_DATABASE_URL
from bvr.services import intake as progress
from bvr.services.core import Core
from bvr.storage.models import Case
from testbed import reporter
from testbed.mediawiki import BOT_GRANTS, WikiFarm
from testbed.pywikibot_dir import PywikibotEnv, other_bot_dir
from tests.bot.intake.test_intake_wiki import _readable

pytestmark = pytest.mark.mediawiki
ROOT = Path(__file__).parents[3]


def test_R_7_3_a_bot_that_may_suppress_hides_the_report_from_administrators_too(
        wiki_core: Core, wiki_farm: WikiFarm, pywikibot_env: PywikibotEnv, make_person: object,
        tmp_path: Path) -> None:
    wiki = wiki_farm["nl"]
    tag = secrets.token_hex(3)
    directory = other_bot_dir(wiki_farm, tmp_path / "pwb", ("sysop", "suppress"), BOT_GRANTS,
                              name="Suppressor")
    admin_name, admin_password = f"Plain admin {tag}", f"Adm-{secrets.token_hex(8)}"
    wiki.create_user(admin_name, admin_password, groups=("sysop",))

    person = make_person()  # type: ignore[operator]
    secret = f"SECRET-{secrets.token_hex(6)}"
    title, saved = reporter.report(wiki, person.session, wat=f"{secret} werd bedreigd")
    revid = int(str(saved["newrevid"]))

    config = tmp_path / "bvr.toml"
    family = wiki_core.config.wiki.family
    config.write_text(f'[wiki]\nfamily = "{family}"\ncode = "{family}"\n'
                      f'[mail]\nhost = "{wiki_core.config.mail.host}"\n'
                      f"port = {wiki_core.config.mail.port}\n", encoding="utf-8")
    env = pywikibot_env.environ()
    env.update({"PYWIKIBOT_DIR": str(directory), ENV_CONFIG: str(config),
                ENV_DATABASE_URL: str(wiki_core.database.url),
                ENV_BLIND_INDEX_KEY: os.environ[ENV_BLIND_INDEX_KEY], "PYTHONPATH": str(ROOT)})
    result = subprocess.run([sys.executable, "-m", "bot.intake", "--once", "--json"], env=env,
                            cwd=ROOT, capture_output=True, text=True, timeout=180, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    outcome = json.loads(result.stdout.splitlines()[-1])  # the totals: the last line
    # Reports other tests left on the shared wiki are taken in too (a fresh database here).
    assert outcome["filed"] and outcome["hidden"] == outcome["filed"]
    # This bot account has no email address: no reporter is told, the job goes on and says
    # what the operator must fix (it used to stop on the API error, on every restart).
    assert outcome["not_told"] == outcome["filed"] and "cantsend" in result.stderr
    with wiki_core.database.transaction() as session:
        ours = session.scalars(select(Case.number).where(
            Case.source_key == f"wiki:{wiki_core.config.wiki.code}:{revid}")).one()
    assert progress.told_state(wiki_core, ours) == "bot-cannot-email" and ours in result.stderr

    with wiki.login(admin_name, admin_password) as administrator:
        assert _readable(wiki_farm, administrator, revid, title) == []
    suppressed = wiki.api(action="query", list="logevents", letype="suppress", lelimit=50)
    assert any(event["title"] == title for event in suppressed["query"]["logevents"]) or \
        _suppress_log_hidden(wiki_farm, title)


def _suppress_log_hidden(wiki_farm: WikiFarm, title: str) -> bool:
    """The suppression log is itself readable only with `suppressionlog`: ask as the testbed's
    administrator, who is in the suppress group."""
    farm_admin = wiki_farm.admin
    with wiki_farm["nl"].login(farm_admin.name, farm_admin.password) as admin:
        events = admin.get(action="query", list="logevents", letype="suppress", lelimit=50)
    return any(event["title"] == title for event in events["query"]["logevents"])
