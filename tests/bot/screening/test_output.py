"""R-6.1: the report as the operator reads it: what could not be checked, what failed (with
the wiki and the cause) and what the run left out are shown, in the operator's language."""

from __future__ import annotations

import csv
import io

from bot.screening import output
from bot.screening.findings import Finding, Result, Status
from bvr.i18n import translate


def _results() -> list[Result]:
    failed = Result("Half Checked", "Half Checked", "csv", exists_on=["nlwiki"])
    failed.failed("nlwiki: ConnectionError: Connection refused")
    failed.skipped("locks")
    blocked = Result("Blocked", "Blocked", "csv", exists_on=["nlwiki"])
    blocked.add(Finding("d", "block", "nlwiki", expiry="infinity",
                        detail={"partial": "unknown"}))
    hidden = Result("Maybe Hidden", "Maybe Hidden", "csv", traces=["metawiki"])
    for result in (failed, blocked, hidden):
        result.settle()
    return [failed, blocked, hidden]


def test_R_6_1_statuses_errors_and_unchecked_checks_in_the_table() -> None:
    failed, blocked, hidden = _results()
    assert (failed.status, blocked.status, hidden.status) == (
        Status.ERROR, Status.FLAGGED, Status.UNKNOWN)
    for lang in ("nl", "en", "sv"):
        text = output.table([failed, blocked, hidden], lang)
        assert "nlwiki: ConnectionError: Connection refused" in text
        assert translate("screening-unchecked", lang, checks="locks") in text
        assert translate("screening-partial-unknown", lang) in text
        assert translate("screening-possibly-hidden", lang, wikis="metawiki") in text
        assert translate("screening-status-error", lang) in text


def test_R_6_1_csv_carries_errors_and_unchecked_checks() -> None:
    rows = list(csv.DictReader(io.StringIO(output.as_csv(_results()))))
    assert rows[0]["status"] == "error"
    assert rows[0]["errors"] == "nlwiki: ConnectionError: Connection refused"
    assert rows[0]["unchecked"] == "locks"


def test_R_6_1_run_notes_in_the_readers_language() -> None:
    notes = [{"note": "log-type-missing", "wiki": "nlwiki", "log": "renameuser"},
             {"note": "section-withdrawn", "section": "Afgemeld", "count": "1",
              "names": "Teruggetrokken"}]
    for lang in ("nl", "en", "sv"):
        lines = output.notes(notes, lang)
        assert len(lines) == 2 and all("{" not in line for line in lines)
        assert "nlwiki" in lines[0] and "Teruggetrokken" in lines[1]
