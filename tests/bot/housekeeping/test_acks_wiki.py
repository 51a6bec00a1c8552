"""`bvr acks` against a real MediaWiki: advanced-rights holders are read from the wiki's user
groups (R-4.1) and reminded by wiki email (R-4.2, R-4.3), which the SMTP capture receives."""

from __future__ import annotations

import json
import secrets
from dataclasses import replace

import pytest

from bot.housekeeping.cli import acks
from bvr.services.core import Core
from testbed.mediawiki import WikiFarm
from testbed.pywikibot_dir import PywikibotEnv
from testbed.smtp import SmtpCapture
from tests.housekeeping.cases import run

pytestmark = pytest.mark.mediawiki


def _on_wiki(core: Core, pywikibot_env: PywikibotEnv) -> None:
    pywikibot_env.activate()
    family = pywikibot_env.family("nl")
    core.config = replace(core.config, wiki=replace(core.config.wiki, family=family,
                                                    code=family))


def test_R_4_1_sysops_of_the_association_wiki_are_reminded_by_wiki_email(
        core: Core, wiki_farm: WikiFarm, pywikibot_env: PywikibotEnv,
        smtp_capture: SmtpCapture) -> None:
    _on_wiki(core, pywikibot_env)
    name = f"Ack sysop {secrets.token_hex(4)}"
    address = f"ack-{secrets.token_hex(4)}@example.org"
    wiki_farm["nl"].create_user(name, "Ack-sysop-2024!", ("sysop",), address)

    dry = json.loads(run(acks, core, "--dry-run", "--json").stdout)
    listed = {line["username"]: line for line in dry["people"]}
    assert listed[name]["status"] == "missing" and not listed[name]["in_register"]
    assert "BvrBot" not in listed  # the bot itself is a tool, not a person
    assert name in dry["reminded"] and smtp_capture.sent_to(address) == []

    report = json.loads(run(acks, core, "--json").stdout)
    assert name in report["reminded"]
    mail = smtp_capture.wait_for(lambda m: address in str(m["X-Envelope-To"]))
    assert "Beleid Vriendelijke Ruimtes" in str(mail["Subject"])  # the association's language
    assert "training" in mail.get_content().lower()  # not trained either

    again = json.loads(run(acks, core, "--json").stdout)
    assert name not in again["reminded"]  # once a month, not every day
    assert len(smtp_capture.sent_to(address)) == 1
