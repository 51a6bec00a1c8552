"""Disclosure limits on every path (issue 12, item 6; R-13.1 to R-13.3), on SQLite and
MariaDB: the case desk's `inform_party` (also behind email and the command line) and the web
channel apply the same rule. Before this change `inform_party` sent an "outcome" to anyone, as
"info", with no limit."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from bvr.cli import main
from bvr.config import ENV_BLIND_INDEX_KEY
from bvr.domain import CaseStatus, EntryKind, PartyRole
from bvr.rules.verdict import RuleRefused
from bvr.services import casefiles, casework, casework_investigation, casework_web, decisions
from bvr.services.core import Core
from bvr.storage.models_web import ReporterMessage
from tests.services.helpers import PASSPHRASES, officers, report, unlock

FINDINGS = "Mallory shouted at Alice twice (planted-d15c)."
REDACTED = "The respondent shouted at another participant twice."


def _with_final_report(core: Core, number: str) -> None:
    key = unlock(core, "Director")
    decisions.move_case(core, number, "Director", key, CaseStatus.IN_HANDLING)
    casework_investigation.draft_report(core, number, "Director", key, findings=FINDINGS,
                                        redacted=REDACTED)
    casework_investigation.review_draft(core, number, "Director", key,
                                        party_role=PartyRole.RESPONDENT, comments="")
    casework_investigation.finalise_report(core, number, "Director", key,
                                           steps_reason="Only disclosure is tested here.")


def _told(core: Core, number: str) -> list[dict[str, object]]:
    view = casefiles.open_case(core, number, "Director", unlock(core, "Director"))
    return [e.content for e in view.entries if e.kind is EntryKind.CORRESPONDENCE]


def test_R_13_2_R_13_3_inform_party_keeps_to_what_each_party_may_learn(core: Core) -> None:
    officers(core)
    number = report(core, respondent="Mallory").number
    _with_final_report(core, number)
    key = unlock(core, "Director")
    inform = casework.inform_party
    for role, topics, reason in (
            (PartyRole.WITNESS, ("outcome",), "rules-disclosure-nothing"),
            (PartyRole.REPORTER, ("outcome", "report"), "rules-disclosure-outline-only")):
        with pytest.raises(RuleRefused) as refused:
            inform(core, number, "Director", key, party_role=role, topics=topics,
                   text="Here is what was decided.")
        assert refused.value.verdict.reason == reason
    assert _told(core, number) == []
    inform(core, number, "Director", key, party_role=PartyRole.WITNESS, topics=("process",),
           text="The case is being investigated.")
    inform(core, number, "Director", key, party_role=PartyRole.REPORTER, topics=("outcome",),
           text="The case led to a measure.")
    # the respondent receives the redacted final report, taken from the file.
    inform(core, number, "Director", key, party_role=PartyRole.RESPONDENT, topics=("report",),
           text="The final report, redacted:")
    sent = _told(core, number)
    assert [m["to"] for m in sent] == ["witness", "reporter", "respondent"]
    assert REDACTED in str(sent[2]["text"]) and FINDINGS not in str(sent[2]["text"])


def test_R_13_3_the_web_reporter_gets_the_outcome_as_outcome_within_the_limit(
        core: Core) -> None:
    officers(core)
    filed = casework_web.file_web_report(core, casework_web.WebReport(
        what_happened="I saw someone being shouted at.", language="en"))
    _with_final_report(core, filed.number)
    key = unlock(core, "Director")
    with pytest.raises(RuleRefused) as refused:
        casework.inform_party(core, filed.number, "Director", key,
                              party_role=PartyRole.REPORTER, topics=("report",), text="Report:")
    assert refused.value.verdict.reason == "rules-disclosure-outline-only"
    casework.inform_party(core, filed.number, "Director", key, party_role=PartyRole.REPORTER,
                          topics=("outcome",), text="A measure was taken.")
    with core.database.transaction() as session:
        kinds = list(session.scalars(select(ReporterMessage.kind)))
    # Before: "info", past the channel's own limit. The topics are sealed with the text.
    assert kinds == ["outcome:topics"]
    assert [m.text for m in casework_web.read_channel(core, filed.code).messages] == [
        "A measure was taken."]


def test_R_13_1_the_command_line_keeps_the_same_limit(core: Core, tmp_path: Path,
                                                     database_url: str) -> None:
    officers(core)
    number = report(core, respondent="Mallory").number
    env = {"BVR_DATABASE_URL": database_url, "BVR_LANG": "en",
           ENV_BLIND_INDEX_KEY: os.environ[ENV_BLIND_INDEX_KEY]}
    runner = CliRunner()
    base = ["case", "inform", number, "--as", "Director", "--stdin"]
    refused = runner.invoke(main, [*base, "--to", "witness", "--topic", "outcome"],
                            input=f"{PASSPHRASES['Director']}\nWhat was decided.\n", env=env)
    assert refused.exit_code == 1
    assert "may not be told anything about the outcome" in refused.output
    told = runner.invoke(main, [*base, "--to", "respondent", "--topic", "process"],
                         input=f"{PASSPHRASES['Director']}\nHow this works.\n", env=env)
    assert told.exit_code == 0, told.output
    assert [m["to"] for m in _told(core, number)] == ["respondent"]
    assert "How this works." not in json.dumps(told.output)
