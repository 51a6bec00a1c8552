"""Intake tells the operator what it does (issue 15): one line per report, printed as it is
handled, with the case number, the steps done, the seconds from the save to hidden and whether
the reporter was told; `--json` gives the same as JSON lines. No report text, no name; and
`--dry-run` says what would happen and changes nothing."""

from __future__ import annotations

import json
import re
import secrets
from typing import Any

import pytest
from click.testing import CliRunner

from bot.intake.cli import intake
from bvr.commands.common import Context
from bvr.services.core import Core
from testbed import reporter
from testbed.mediawiki import WikiFarm
from tests.bot.intake.test_intake_wiki import run_intake

pytestmark = pytest.mark.mediawiki

LINE = re.compile(r"^(BVR-\d{4}-\d{4}-\w): filed, page deleted, text, summary and creator "
                  r"hidden; hidden (\d+\.\d) s after it was saved; (.+)\.$")


def _intake(core: Core, *args: str) -> str:
    result = CliRunner().invoke(intake, list(args), obj=Context(_core=core),
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_each_report_gets_one_line_with_number_steps_seconds_and_told_and_no_content(
        wiki_core: Core, wiki_farm: WikiFarm, make_person: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BVR_LANG", "en")
    run_intake(wiki_core)  # report pages other tests left on this shared wiki
    secret = f"SECRET-{secrets.token_hex(6)}"
    told, untold = make_person(), make_person(email=False)
    for person in (told, untold):
        reporter.report(wiki_farm["nl"], person.session, wat=secret, wie="[[User:Mallory]]")

    lines = _intake(wiki_core, "--once").splitlines()
    found = [LINE.match(line) for line in lines if line.startswith("BVR-")]
    assert len(found) == 2 and all(found), lines
    assert {m.group(3) for m in found if m} == {
        "reporter told by wiki email", "reporter not told: no email address on the wiki"}
    assert all(float(m.group(2)) < 60 for m in found if m)
    assert lines[2].startswith("Reports filed: 2")  # then the totals
    for word in (secret, told.name, untold.name, "Mallory"):
        assert word not in "\n".join(lines)


def test_json_lines_say_the_same(wiki_core: Core, wiki_farm: WikiFarm,
                                 make_person: Any) -> None:
    run_intake(wiki_core)
    person = make_person()
    reporter.report(wiki_farm["nl"], person.session, wat="iets")
    *reports, totals = _intake(wiki_core, "--once", "--json").splitlines()
    [line] = [json.loads(line) for line in reports]
    assert line["case"] == json.loads(totals)["filed"][0]
    assert line["steps"] == ["filed", "deleted", "hidden"] and line["told"] == "sent"
    assert isinstance(line["seconds"], float)


def test_a_dry_run_says_what_would_happen_and_leaves_the_report_on_the_wiki(
        wiki_core: Core, wiki_farm: WikiFarm, make_person: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BVR_LANG", "en")
    run_intake(wiki_core)
    person = make_person()
    title, _saved = reporter.report(wiki_farm["nl"], person.session, wat="iets", noodgeval="ja")
    output = _intake(wiki_core, "--dry-run")
    assert "would file it in a new case file, alert the emergency contacts, delete and hide " \
           "the page, tell the reporter by wiki email" in output
    assert "1 report would be handled" in output
    pages = wiki_farm["nl"].api(action="query", titles=title)["query"]["pages"]
    assert not pages[0].get("missing")  # still there
    assert len(run_intake(wiki_core)["filed"]) == 1  # the real run still takes it
