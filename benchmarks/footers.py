"""Footers speed and edit budget (issue 5): a wiki with N pages (default 1,000), a third of
them needing the footer.

Starts one local MediaWiki, imports the pages with `importDump.php` (a set-up shortcut: N API
edits would dominate the run), selects them by title prefix, then runs `bot.footers.run.update`
and prints the edits made (goal: exactly the pages that needed one), the API requests sent
(read batches + token/userinfo + one per edit), and the wall time of the run against the floor:
the same number of bare `action=edit` requests sent with `requests` by the same bot account in
the same run (goal: <= 1.2 x the floor). Both sides run with the edit throttle at 0
(`put_throttle = 0` in the test bed's user-config). A second run must make zero edits.
Usage: python benchmarks/footers.py [N]
"""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from bvr import vault
from bvr.config import ENV_BLIND_INDEX_KEY, Config, Publishing, Wiki
from bvr.services.core import Core
from bvr.storage import schema
from bvr.storage.db import Database
from testbed.mediawiki import WikiFarm
from testbed.pywikibot_dir import PywikibotEnv, family_name, write_pywikibot_dir

FOOTER = "{{BVR-voettekst}}"


def dump(pages: dict[str, str]) -> str:
    body = "".join(
        f"<page><title>{escape(title)}</title><ns>0</ns><revision>"
        "<timestamp>2026-01-01T00:00:00Z</timestamp><contributor><username>Admin</username>"
        "</contributor><model>wikitext</model><format>text/x-wiki</format>"
        f'<text xml:space="preserve">{escape(text)}</text></revision></page>'
        for title, text in pages.items())
    return ('<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11" '
            f'xml:lang="en">{body}</mediawiki>')


class Counter:
    """Counts every HTTP request pywikibot sends."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, response: Any, *args: Any, **kwargs: Any) -> None:
        self.count += 1


def floor(farm: WikiFarm, titles: list[str]) -> float:
    """Bare `action=edit` calls, one per title, by the bot (token fetched before timing)."""
    assert farm.bot_password is not None
    with farm["nl"].login(farm.bot_password.login_name, farm.bot_password.password) as bot:
        token = bot.token()
        started = time.perf_counter()
        for title in titles:
            bot.post(action="edit", title=title, text=f"Floor page.\n{FOOTER}", token=token,
                     bot="1", minor="1", nocreate="1")
        return time.perf_counter() - started


def main(count: int) -> None:
    os.environ.setdefault(ENV_BLIND_INDEX_KEY, secrets.token_hex(32))
    with tempfile.TemporaryDirectory() as directory, \
            WikiFarm(Path(directory) / "wikis", ("nl",)) as farm:
        needing = [f"Bench/{i:05d}" for i in range(count) if i % 3 == 0]
        pages = {f"Bench/{i:05d}": f"Page {i} with ''some'' [[text]]."
                 + ("" if i % 3 == 0 else f"\n{FOOTER}") for i in range(count)}
        pages.update({f"Floor/{i:05d}": "Floor page." for i in range(len(needing))})
        source = Path(directory) / "pages.xml"
        source.write_text(dump(pages), encoding="utf-8")
        farm["nl"].maintenance("importDump.php", "--no-updates", str(source))
        assert farm.bot_password is not None
        env = PywikibotEnv(write_pywikibot_dir(Path(directory) / "pwb", farm,
                                               farm.bot_password), farm.wikis)
        env.activate()
        import pywikibot.comms.http as pwb_http

        from bot.footers.editor import Outcome
        from bot.footers.run import update
        from bot.site import connect

        counter = Counter()
        pwb_http.session.hooks["response"].append(counter)
        database = Database(f"sqlite:///{Path(directory) / 'bvr.sqlite3'}")
        schema.upgrade(database)
        family = family_name(farm["nl"])
        config = replace(Config(), wiki=Wiki(family=family, code=family),
                         publishing=Publishing(footer_categories=(), event_categories=(),
                                               registration_categories=(),
                                               footer_prefixes=("Bench/",)))
        core = Core(config, database, kdf_cost=vault.FAST_KDF_FOR_TESTS)
        site = connect(config)  # login is not part of the run

        before = counter.count
        started = time.perf_counter()
        tally = update(site, core, site_link=False)
        elapsed = time.perf_counter() - started
        requests_sent = counter.count - before

        before = counter.count
        again = update(site, core, site_link=False)
        second_requests = counter.count - before

        floor_time = floor(farm, [f"Floor/{i:05d}" for i in range(len(needing))])
        edits = tally.count(Outcome.EDITED)
        print(f"pages: {count}, needing the footer: {len(needing)}")
        print(f"edits made: {edits} (goal: {len(needing)})")
        print(f"API requests (run): {requests_sent} = {edits} edits + "
              f"{requests_sent - edits} reads/tokens")
        print(f"second run: {again.count(Outcome.EDITED)} edits, {second_requests} requests")
        print(f"wall time: {elapsed:.2f} s; floor ({len(needing)} bare action=edit): "
              f"{floor_time:.2f} s; ratio {elapsed / floor_time:.2f} (goal <= 1.2)")
        ok = edits == len(needing) and again.count(Outcome.EDITED) == 0
        database.dispose()
        sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
