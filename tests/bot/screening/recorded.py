"""A site double that answers with RECORDED responses of real Wikimedia software (labelled:
CentralAuth, GlobalBlocking and CampaignEvents cannot run in the test bed).

`fixtures/recorded/REL1_39/` holds answers recorded from CentralAuth, GlobalBlocking,
CampaignEvents and Renameuser REL1_39 on Debian's MediaWiki 1.39.17 (its README says how; a copy
of `shared/wikimedia-recorded/`); `fixtures/recorded/testbed/` answers recorded from the test
bed's own MediaWiki (the same Debian package), with and without Renameuser. Each file holds
the request that produced it: the double answers a request only when a recording has exactly
these parameters (`format` aside), and fails the test otherwise, so a test can never pass on
an answer the real software would not give. An error answer is raised as pywikibot raises it
(`APIError` with the API's code and text).

Three answers are derived, each from recordings and only in the way MediaWiki builds them:
- `paraminfo`: the real modules' recorded descriptions (`CentralAuth/paraminfo-three-modules`
  for globalblocks and globaluserinfo, the test bed's for logevents) are combined for whichever
  `modules=` list the bot asks;
- `list=users` for some of the names of a recorded batch: that batch's entries for those names
  (MediaWiki answers each name on its own, invalid names first); likewise `list=globalblocks`
  with `bgaddresses` (one row per blocked address, `WHERE gb_address IN (...)`);
- a scan of the whole block log (`letype=block` without `letitle`): the union of the recorded
  per-title block logs with the same window, newest first. On nlwiki these are every block
  the recording set up (its README's table), so the union is that wiki's whole block log;
- with `empty_logs`, a `list=logevents` request for a title nothing was logged under: the
  recorded empty answer (`core/logevents-block-renamed-old.json`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

RECORDED = Path(__file__).parent / "fixtures" / "recorded"
REL1_39 = RECORDED / "REL1_39"
TESTBED = RECORDED / "testbed"
MASTER = Path(__file__).parent / "fixtures" / "master"


def document(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def response(relative: str) -> Any:
    return document(REL1_39 / relative)["response"]


def _key(params: dict[str, Any]) -> frozenset[tuple[str, str]]:
    def text(value: Any) -> str:
        return "|".join(map(str, value)) if isinstance(value, list | tuple) else str(value)

    return frozenset((k, text(v)) for k, v in params.items() if k != "format")


def modules(*paths: Path) -> dict[str, dict[str, Any]]:
    """API module path -> its recorded paraminfo description, from recorded paraminfo files."""
    found: dict[str, dict[str, Any]] = {}
    for path in paths:
        for module in document(path)["response"].get("paraminfo", {}).get("modules", []):
            found[str(module["path"])] = module
    return found


REL1_39_META_MODULES = modules(TESTBED / "paraminfo-renameuser.json",
                               REL1_39 / "CentralAuth" / "paraminfo-three-modules.json")
TESTBED_PLAIN_MODULES = modules(TESTBED / "paraminfo-plain.json")


class _Answer:
    def __init__(self, answer: dict[str, Any]) -> None:
        self.answer = answer

    def submit(self) -> dict[str, Any]:
        if "error" in self.answer:
            from pywikibot.exceptions import APIError

            raise APIError(self.answer["error"]["code"], self.answer["error"]["info"])
        return self.answer


class NotRecorded(BaseException):
    """The bot asked something no recording answers: the test is wrong, not the wiki (a
    BaseException, so the bot's per-request error handling cannot swallow it)."""


class RecordedWiki:
    """One wiki (`host`, e.g. `meta.example.org`) answering from recordings."""

    def __init__(self, host: str, *, root: Path = REL1_39,
                 paraminfo: dict[str, dict[str, Any]] | None = None,
                 extra: list[dict[str, Any]] | None = None, empty_logs: bool = False) -> None:
        self.asked: list[dict[str, Any]] = []
        self.paraminfo = REL1_39_META_MODULES if paraminfo is None else paraminfo
        self.answers: dict[frozenset[tuple[str, str]], dict[str, Any]] = {}
        for path in sorted(root.rglob("*.json")):
            recorded = document(path)
            request = recorded["request"]
            if request["path"] == f"https://{host}/api.php" and recorded["as"] != "steward":
                self.answers.setdefault(_key(request["params"]), recorded["response"])
        for recorded in extra or []:
            self.answers[_key(recorded["request"]["params"])] = recorded["response"]
        self.empty_log = (document(REL1_39 / "core" / "logevents-block-renamed-old.json")
                          ["response"] if empty_logs else None)

    def simple_request(self, **params: Any) -> _Answer:
        self.asked.append(params)
        if params.get("action") == "paraminfo":
            asked = str(params["modules"]).split("|")
            return _Answer({"paraminfo": {"helpformat": "none", "modules": [
                self.paraminfo[path] for path in asked if path in self.paraminfo]}})
        key = _key(params)
        if key in self.answers:
            return _Answer(self.answers[key])
        if params.get("list") == "users":
            return _Answer(self._subset(params, "ususers", "users", "name"))
        if params.get("list") == "globalblocks" and "bgaddresses" in params:
            return _Answer(self._subset(params, "bgaddresses", "globalblocks", "address"))
        if params.get("letype") == "block" and "letitle" not in params:
            return _Answer(self._block_log(params))
        if params.get("list") == "logevents" and self.empty_log is not None:
            return _Answer(self.empty_log)
        raise NotRecorded(f"no recorded answer for {sorted(key)}")

    def _block_log(self, params: dict[str, Any]) -> dict[str, Any]:
        asked = dict(_key(params))
        asked.pop("lelimit", None)
        events: list[dict[str, Any]] = []
        for key, answer in self.answers.items():
            recorded = dict(key)
            recorded.pop("lelimit", None)
            if recorded.pop("letitle", None) is not None and recorded == asked:
                events += answer["query"]["logevents"]
        events.sort(key=lambda event: -int(event["logid"]))
        return {"batchcomplete": True, "query": {"logevents": events}}

    def _subset(self, params: dict[str, Any], multi: str, rows: str,
                field: str) -> dict[str, Any]:
        asked = dict(_key(params))
        names = asked.pop(multi).split("|")
        for key, answer in self.answers.items():
            recorded = dict(key)
            batch = recorded.pop(multi, "").split("|")
            if recorded == asked and set(names) <= set(batch):
                kept = [row for row in answer["query"][rows] if row[field] in names]
                return {**answer, "query": {rows: kept}}
        raise NotRecorded(f"no recorded {rows} batch holds {names}")


class NoRecords:
    """The association's own records, empty (they are tested elsewhere)."""

    def sanctioned(self, names: Any) -> set[str]:
        return set()

    def other_sanctions(self, names: Any) -> dict[str, list[str]]:
        return {}

    def noted(self, names: Any) -> dict[str, list[int]]:
        return {}
