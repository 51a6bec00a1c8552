"""The proof of R-7.3 for the plain path (a reader without JavaScript, or a page made by
hand): after intake, nobody who reads the wiki finds the report or who made it. A report with a
unique marker is saved with MediaWiki's automatic summary (which quotes the text), by a
reporter whose account name is the second marker; the job runs as a bot that may suppress
(the deployment R-7.3 asks for). Then an anonymous reader, a logged-in ordinary user and an
ordinary administrator read every surface `leakscan` enumerates from the wiki itself. A leak is
a surface where a marker appears more often than it did before the report was saved.

Before the fixes of issue 10 the scan found 27 places (the creation log entry's automatic
summary and creator in logevents and Special:Log for every reader, the creator in
Special:Undelete and Special:DeletedContributions for administrators, and the AbuseFilter log).
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bvr.config import ENV_BLIND_INDEX_KEY, ENV_CONFIG, ENV_DATABASE_URL
from bvr.services.core import Core
from testbed import reporter
from testbed.mediawiki import BOT_GRANTS, WikiFarm, WikiSession
from testbed.pywikibot_dir import PywikibotEnv, other_bot_dir
from tests.bot.intake.leakscan import Target, grown, scan

pytestmark = pytest.mark.mediawiki
ROOT = Path(__file__).parents[3]


def run_intake_as(bot_dir: Path, core: Core, pywikibot_env: PywikibotEnv,
                  tmp_path: Path) -> dict[str, Any]:
    """One round of `python -m bot.intake` logged in from `bot_dir` (another account than
    the session's bot: pywikibot reads its account once per process)."""
    config = tmp_path / "bvr.toml"
    family = core.config.wiki.family
    config.write_text(f'[wiki]\nfamily = "{family}"\ncode = "{family}"\n'
                      f'[mail]\nhost = "{core.config.mail.host}"\n'
                      f"port = {core.config.mail.port}\n", encoding="utf-8")
    env = pywikibot_env.environ()
    env.update({"PYWIKIBOT_DIR": str(bot_dir), ENV_CONFIG: str(config),
                ENV_DATABASE_URL: str(core.database.url),
                ENV_BLIND_INDEX_KEY: os.environ[ENV_BLIND_INDEX_KEY], "PYTHONPATH": str(ROOT)})
    result = subprocess.run([sys.executable, "-m", "bot.intake", "--once", "--json"], env=env,
                            cwd=ROOT, capture_output=True, text=True, timeout=180, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    outcome = dict(json.loads(result.stdout.splitlines()[-1]))  # the totals: the last line
    outcome["stderr"] = result.stderr
    return outcome


def test_R_7_3_plain_path_report_leaves_no_trace_for_any_reader(
        wiki_core: Core, wiki_farm: WikiFarm, pywikibot_env: PywikibotEnv, make_person: Any,
        tmp_path: Path) -> None:
    wiki = wiki_farm["nl"]
    bot_dir = other_bot_dir(wiki_farm, tmp_path / "pwb", ("sysop", "suppress"), BOT_GRANTS,
                            name="Scan bot")
    admin_name, admin_password = f"Plain admin {secrets.token_hex(3)}", "Adm-" + \
        secrets.token_hex(8)
    wiki.create_user(admin_name, admin_password, groups=("sysop",))
    ordinary = make_person()
    person = make_person()
    marker = f"LEAKMARK{secrets.token_hex(8)}"
    markers = (marker, person.name)
    title = reporter.new_title()

    viewers: dict[str, WikiSession] = {
        "anonymous": wiki.session(), "user": ordinary.session,
        "administrator": wiki.login(admin_name, admin_password)}
    try:
        target = Target(title, 0)
        before = {who: scan(wiki, session, target, markers, person.name)
                  for who, session in viewers.items()}
        text = reporter.fill(reporter.preloaded(wiki, person.session, title),
                             wat=f"{marker} | pipes }}}} <nowiki> --> hier", waar="Wikipedia")
        saved = reporter.save(person.session, title, text)  # automatic summary: quotes it
        target = Target(title, int(str(saved["newrevid"])))

        outcome = run_intake_as(bot_dir, wiki_core, pywikibot_env, tmp_path)
        assert outcome["filed"] and outcome["hidden"] == outcome["filed"]

        leaks: list[str] = []
        surfaces = 0
        for who, session in viewers.items():
            after = scan(wiki, session, target, markers, person.name)
            surfaces += len({surface for surface, _marker in after})
            leaks += [f"{who}: {surface}: {'text' if found == marker else 'name'} x{more}"
                      for surface, found, more in grown(before[who], after)]
    finally:
        for session in (viewers["anonymous"], viewers["administrator"]):
            session.close()
    print(f"\nleak scan: {surfaces} surfaces checked (3 readers), marker found in "
          f"{len(leaks)} places" + "".join(f"\n  {leak}" for leak in leaks))
    # The one gap the bot cannot close: AbuseFilter REL1_39 has no API to hide its log
    # entries (Special:AbuseLog/hide is a form a BotPassword session cannot use), so a filter
    # that matches report pages keeps the creator's name (public) and the text (for
    # administrators) in its log. docs/intake.md says so and what the wiki must do instead.
    # Everything else must be clean; this gap is asserted to be only that, so it cannot grow.
    outside = [leak for leak in leaks if "abuselog" not in leak.lower()]
    assert outside == []
