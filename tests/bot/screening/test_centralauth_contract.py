"""CONTRACT TESTS (labelled): CentralAuth and GlobalBlocking cannot run in the test bed, so the
CentralAuth path of R-6.1(a)/(d) is tested on response documents shaped as those API modules
document them (`fixtures/`, see its README). The site double below answers with those
documents and records each request; it stands in for meta.wikimedia.org only."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bot.screening import centralauth, run
from bot.screening.findings import Status
from bot.screening.participants import from_names
from bot.screening.wikiapi import NoCache, WikiClient

FIXTURES = Path(__file__).parent / "fixtures"
DOCUMENTS = {
    "Vandal Example": "globaluserinfo_locked_blocked.json",
    "Good Editor": "globaluserinfo_clean.json",
    "Never existed": "globaluserinfo_missing.json",
    "Suppressed Name": "globaluserinfo_hidden.json",
}


class _Answer:
    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document

    def submit(self) -> dict[str, Any]:
        return self.document


class ContractMeta:
    """Answers `meta=globaluserinfo` (+ `list=globalblocks`) from the fixture documents."""

    def __init__(self) -> None:
        self.asked: list[dict[str, Any]] = []

    def simple_request(self, **params: Any) -> _Answer:
        self.asked.append(params)
        if params.get("list") == "logevents":
            return _Answer({"query": {"logevents": []}})
        assert params["meta"] == "globaluserinfo" and params["guiprop"] == "merged"
        assert params["list"] == "globalblocks" and params["bgtargets"] == params["guiuser"]
        name = params["guiuser"]
        return _Answer(json.loads((FIXTURES / DOCUMENTS[name]).read_text(encoding="utf-8")))


class NoRecords:
    def sanctioned(self, names: Any) -> set[str]:
        return set()

    def noted(self, names: Any) -> dict[str, list[int]]:
        return {}


def _screen(names: list[str]) -> tuple[run.Report, ContractMeta]:
    meta = ContractMeta()
    client = WikiClient("metawiki", meta, highlimits=False, url="https://meta.wikimedia.org/wiki/{}")
    report = run.screen(from_names(names, "csv"), run.Targets([], central=client), NoRecords(),
                        NoCache(), history_since=None)
    return report, meta


def test_R_6_1_centralauth_path_costs_one_request_per_participant() -> None:
    report, meta = _screen(["Vandal Example", "Good Editor", "Suppressed Name"])
    lookups = [p for p in meta.asked if p.get("meta") == "globaluserinfo"]
    assert len(lookups) == 3
    assert report.requests["metawiki"]["blocks"] == 3
    assert report.path == "centralauth"


def test_R_6_1_a_lock_global_block_and_local_block_with_evidence() -> None:
    report, _meta = _screen(["Vandal Example"])
    result = report.results[0]
    kinds = {(f.check, f.kind, f.source) for f in result.findings}
    assert kinds == {("a", "lock", "central"), ("d", "global-block", "central"),
                     ("d", "block", "nlwiki")}
    global_block = next(f for f in result.findings if f.kind == "global-block")
    assert (global_block.log_id, global_block.expiry, global_block.reason) == (
        "77", "2027-10-01T12:00:00Z", "Cross-wiki abuse")
    local = next(f for f in result.findings if f.kind == "block")
    assert local.link == "https://nl.wikipedia.org/wiki/Special:BlockList/Vandal_Example"
    assert local.detail["partial"] == "unknown"  # globaluserinfo does not say
    assert result.status is Status.FLAGGED
    assert sorted(result.exists_on) == ["metawiki", "nlwiki"]


def test_R_6_1_clean_missing_and_hidden_accounts_are_told_apart() -> None:
    report, _meta = _screen(["Good Editor", "Never existed", "Suppressed Name"])
    status = {r.name: r.status for r in report.results}
    assert status == {"Good Editor": Status.CLEAN, "Never existed": Status.UNKNOWN,
                      "Suppressed Name": Status.HIDDEN}


def test_R_6_1_missing_accounts_are_looked_up_in_the_global_rename_log() -> None:
    _report, meta = _screen(["Never existed"])
    renames = [p for p in meta.asked if p.get("list") == "logevents"]
    assert renames == [{"action": "query", "list": "logevents", "letype": "gblrename",
                        "letitle": "Special:CentralAuth/Never existed", "lelimit": "1",
                        "formatversion": "2"}]


def test_R_6_1_globalusers_batches_locks() -> None:
    class Batch:
        def __init__(self) -> None:
            self.asked: list[dict[str, Any]] = []

        def simple_request(self, **params: Any) -> _Answer:
            self.asked.append(params)
            return _Answer({"query": {"globalusers": [
                {"name": n, **({"locked": True} if n == "N7" else {})}
                for n in params["gususers"]]}})

    site = Batch()
    client = WikiClient("metawiki", site, highlimits=False)
    locked = centralauth.locks(client, [f"N{i}" for i in range(120)], NoCache())
    assert len(site.asked) == 3  # ceil(120 / 50)
    assert [n for n, is_locked in locked.items() if is_locked] == ["N7"]
