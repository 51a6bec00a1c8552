"""CONTRACT TESTS (labelled): CentralAuth, GlobalBlocking and Renameuser's global side cannot
run in the test bed, so R-6.1(a)/(d) on Wikimedia wikis is tested on answers RECORDED from
the real extensions (REL1_39 on MediaWiki 1.39.17, `recorded.py` says how they are served).
Where current Wikimedia (master) differs, the test says so and uses `fixtures/master/`."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from bot.screening import centralauth, globalblocks, run
from bot.screening.findings import Status
from bot.screening.participants import from_names
from bot.screening.wikiapi import NoCache, WikiClient
from tests.bot.screening.recorded import MASTER, NoRecords, RecordedWiki, document, response

#: The window of the recorded block-log requests (`leend`); a run without it is not complete.
SINCE = datetime(2026, 8, 31, 21, 34, 20, tzinfo=UTC)
META = "https://meta.example.org/index.php?title={}"
NL = "https://nl.example.org/index.php?title={}"
IPS = ("198.51.100.9", "198.51.100.0/24")  # inside, and the range of, a global range block

#: Every kind of name a participant list brings that is not a plain account name.
BAD_NAMES = ["Help:Me", *IPS, "A#b", "a/b", "x" * 300, "\u200e\u200f",
             "Never Existed", "\u200eGood Editor\u202c", "Vandal Example"]


def _central(names: list[str], site: RecordedWiki | None = None,
             ) -> tuple[run.Report, RecordedWiki]:
    meta = site or RecordedWiki("meta.example.org", empty_logs=True)
    client = WikiClient("metawiki", meta, highlimits=True, url=META)
    report = run.screen(from_names(names, "csv"), run.Targets([], central=client), NoRecords(),
                        NoCache(), history_since=SINCE)
    return report, meta


def _statuses(report: run.Report) -> dict[str, str]:
    return {r.raw: r.status.value for r in report.results}


def test_R_6_1_a_list_with_every_kind_of_bad_name_finishes_with_a_status_for_each() -> None:
    report, meta = _central(BAD_NAMES)
    assert _statuses(report) == {
        "Help:Me": "invalid",  # the real `baduser` answer, no longer the end of the run
        "198.51.100.9": "flagged", "198.51.100.0/24": "flagged",  # the global range block
        "A#b": "invalid", "a/b": "invalid", "x" * 300: "invalid", "\u200e\u200f": "invalid",
        "Never Existed": "unknown",
        "\u200eGood Editor\u202c": "clean",  # direction marks are not part of the name
        "Vandal Example": "flagged",
    }
    asked = [p["guiuser"] for p in meta.asked if p.get("meta") == "globaluserinfo"]
    # `Help:Me` is no user name by MediaWiki's own title rules (bvr.usernames): never asked.
    assert asked == ["Never Existed", "Good Editor", "Vandal Example"]
    assert not set(asked) & set(IPS)  # IPs never go to globaluserinfo (they are `baduser`)


def test_R_6_1_a_failing_request_is_that_participants_error_naming_the_wiki() -> None:
    """One participant's request goes to a port where nothing listens (a real refused
    connection): that participant is `error` with the wiki and the cause, the rest go on."""
    import requests

    from testbed.ports import LOOPBACK, free_port

    closed = f"http://{LOOPBACK}:{free_port()}/api.php"

    class PartlyDown(RecordedWiki):
        def simple_request(self, **params: Any) -> Any:
            if params.get("guiuser") == "Sitewide Blocked":
                requests.get(closed, timeout=5)
            return super().simple_request(**params)

    report, _meta = _central(["Sitewide Blocked", "Vandal Example", "Good Editor"],
                             PartlyDown("meta.example.org"))
    by_name = {r.name: r for r in report.results}
    failed = by_name["Sitewide Blocked"]
    assert failed.status is Status.ERROR
    [reason] = failed.errors
    assert reason.startswith("metawiki: ConnectionError: ")
    assert by_name["Vandal Example"].status is Status.FLAGGED
    assert by_name["Good Editor"].status is Status.CLEAN


def test_R_6_1_a_wiki_failing_for_everyone_is_named_with_its_cause() -> None:
    from bot.screening.wikiapi import WikiError
    from bvr.errors import BvrError

    failure = WikiError("metawiki", "ConnectionError", "Connection refused")
    error = BvrError("screening-wiki-failed", wiki=failure.wiki,
                     cause=f"{failure.code}: {failure.info}")
    for lang in ("nl", "en", "sv"):
        text = error.text(lang)
        assert "metawiki" in text and "ConnectionError: Connection refused" in text


def test_R_6_1_centralauth_path_costs_one_request_per_participant() -> None:
    report, meta = _central(["Vandal Example", "Good Editor", "Sitewide Blocked"])
    assert len([p for p in meta.asked if p.get("meta") == "globaluserinfo"]) == 3
    assert report.requests["metawiki"]["blocks"] == 3
    assert report.path == "centralauth"


def test_R_6_1_a_lock_and_a_local_block_with_evidence() -> None:
    report, _meta = _central(["Vandal Example", "Sitewide Blocked", "Partial Blocked"])
    by_name = {r.name: r for r in report.results}
    assert {(f.check, f.kind, f.source) for f in by_name["Vandal Example"].findings} == {
        ("a", "lock", "central")}
    local = next(f for f in by_name["Sitewide Blocked"].findings if f.kind == "block")
    assert (local.source, local.reason, local.expiry) == (
        "nlwiki", "Vandalisme na laatste waarschuwing", "2026-12-29T21:31:47Z")
    assert local.link == "https://nl.example.org/wiki/Special:BlockList/Sitewide_Blocked"
    assert local.detail["partial"] == "unknown"  # globaluserinfo does not say
    partial = next(f for f in by_name["Partial Blocked"].findings if f.kind == "block")
    assert partial.expiry == "infinity"
    assert sorted(by_name["Vandal Example"].exists_on) == ["metawiki", "nlwiki"]


def test_R_6_1_lock_flags_as_the_real_answers_spell_them() -> None:
    """`locked: true` (formatversion 2), `locked: ""` (formatversion 1), and `locked: ""` from
    `list=globalallusers` even under formatversion 2: all mean locked."""
    client = WikiClient("metawiki", RecordedWiki("meta.example.org"), highlimits=True)
    fv2 = document_response("CentralAuth/globaluserinfo-locked.json")["query"]
    fv1 = document_response("CentralAuth/globaluserinfo-locked-fv1.json")["query"]
    for answer in (fv2, fv1):
        assert [f.kind for f in centralauth.findings(client, "Vandal Example", answer)] == [
            "lock"]
    allusers = document_response("CentralAuth/globalallusers-lockinfo-bot.json")
    from bot.screening.wikiapi import flag
    locked = {u["name"] for u in allusers["query"]["globalallusers"] if flag(u, "locked")}
    assert locked == {"Vandal Example"}


def document_response(relative: str) -> Any:
    return response(relative)


def test_R_6_1_a_hidden_account_is_unknown_possibly_hidden_never_clean() -> None:
    """A bot sees a locked, hidden account only as `missing` (recorded); its local account on
    the central wiki is the trace that keeps it from looking like a name nobody has."""
    report, _meta = _central(["Suppressed Name", "Never Existed"])
    by_name = {r.name: r for r in report.results}
    assert by_name["Suppressed Name"].status is Status.UNKNOWN
    assert by_name["Suppressed Name"].traces == ["metawiki"]
    assert by_name["Never Existed"].status is Status.UNKNOWN
    assert by_name["Never Existed"].traces == []


def test_R_6_1_renamed_account_is_found_in_the_local_rename_log_and_its_block_reported(
        ) -> None:
    """`gblrename` is logged under the NEW name (recorded), so the local `renameuser` log
    (title `User:OLD`, written on every attached wiki by the rename job) is asked."""
    nl = RecordedWiki("nl.example.org", empty_logs=True)
    meta = RecordedWiki("meta.example.org", empty_logs=True)
    central = WikiClient("metawiki", meta, highlimits=True, url=META)
    wiki = WikiClient("nlwiki", nl, highlimits=True, url=NL)
    # meta is asked first; its rename log answers empty (as recorded for a title with no
    # entry) only if the bot asked it there: here nl holds the recorded entry.
    report = run.screen(from_names(["Old Name"], "csv"),
                        run.Targets([wiki], central=central), NoRecords(), NoCache(),
                        history_since=SINCE)
    [result] = report.results
    kinds = {(f.check, f.kind, f.source) for f in result.findings}
    assert ("d", "block", "nlwiki") in kinds  # the block New Name carries
    assert result.status is Status.FLAGGED
    renames = [p for p in [*meta.asked, *nl.asked] if p.get("letype") == "renameuser"]
    assert all(p["letype"] == "renameuser" and p["letitle"] == "User:Old Name"
               for p in renames)


def test_R_6_1_per_wiki_path_with_locks_from_centralauth_on_recorded_answers() -> None:
    nl = WikiClient("nlwiki", RecordedWiki("nl.example.org", empty_logs=True),
                    highlimits=True, url=NL)
    meta = WikiClient("metawiki", RecordedWiki("meta.example.org"), highlimits=True, url=META)
    names = ["Good Editor", "Sitewide Blocked", "Partial Blocked", "Expired Block", "New Name",
             "Old Name", "Vandal Example", "Suppressed Name",
             "Never Existed", "Help:Me", "198.51.100.9"]
    report = run.screen(from_names(names, "csv"), run.Targets([nl], locks=meta), NoRecords(),
                        NoCache(), history_since=SINCE)
    assert _statuses(report) == {
        "Good Editor": "clean", "Sitewide Blocked": "flagged", "Partial Blocked": "flagged",
        "Expired Block": "flagged",  # its block log (history), not a current block
        "New Name": "flagged",
        "Old Name": "renamed",  # New Name, its new name, is in the list and flagged itself
        "Vandal Example": "flagged", "Suppressed Name": "unknown", "Never Existed": "unknown",
        "Help:Me": "invalid", "198.51.100.9": "flagged"}
    by_name = {r.name: r for r in report.results}
    partial = next(iter(by_name["Partial Blocked"].findings))
    assert (partial.kind, partial.expiry, partial.log_id) == ("partial-block", "infinity", "2")
    assert by_name["Suppressed Name"].traces == ["nlwiki"]
    assert report.requests["nlwiki"]["blocks"] == 1  # one batch for all names
    assert report.notes == []


def test_R_6_1_without_centralauth_locks_are_not_checked_and_nobody_is_clean() -> None:
    nl = WikiClient("nlwiki", RecordedWiki("nl.example.org", empty_logs=True), highlimits=True,
                    url=NL)
    report = run.screen(from_names(["Good Editor", "Sitewide Blocked"], "csv"),
                        run.Targets([nl]), NoRecords(), NoCache(), history_since=SINCE)
    assert _statuses(report) == {"Good Editor": "unchecked", "Sitewide Blocked": "flagged"}
    assert all(r.unchecked == ["locks"] for r in report.results)
    assert report.notes == [{"note": "locks-not-checked"}]


def test_R_6_1_a_wiki_without_the_rename_log_is_skipped_and_the_run_says_so() -> None:
    """Debian's MediaWiki 1.39 without Renameuser (paraminfo recorded in the test bed) has no
    `renameuser` log type: asking for it would be `badvalue`."""
    from tests.bot.screening.recorded import TESTBED_PLAIN_MODULES

    plain = RecordedWiki("nl.example.org", paraminfo=TESTBED_PLAIN_MODULES, empty_logs=True)
    nl = WikiClient("nlwiki", plain, highlimits=True, url=NL)
    meta = WikiClient("metawiki", RecordedWiki("meta.example.org"), highlimits=True, url=META)
    report = run.screen(from_names(["Old Name", "Good Editor"], "csv"),
                        run.Targets([nl], locks=meta), NoRecords(), NoCache(),
                        history_since=SINCE)
    assert _statuses(report) == {"Old Name": "unknown", "Good Editor": "clean"}
    assert report.notes == [{"note": "log-type-missing", "wiki": "nlwiki", "log": "renameuser"}]
    assert next(r for r in report.results if r.name == "Old Name").unchecked == ["renames"]
    assert not [p for p in plain.asked if p.get("letype") == "renameuser"]
    assert [p["action"] for p in plain.asked].count("paraminfo") == 1  # once per wiki


def test_R_6_1_globalusers_batches_locks_where_the_wiki_has_it() -> None:
    """MASTER (labelled, from CentralAuth master's ApiQueryGlobalUsers: no REL branch up to
    REL1_46 has it): `list=globalusers&gusprop=locked`, 50/500 names a request."""
    module = document(MASTER / "paraminfo-globalusers.json")

    class Batch:
        def __init__(self) -> None:
            self.asked: list[dict[str, Any]] = []

        def simple_request(self, **params: Any) -> Any:
            self.asked.append(params)
            if params["action"] == "paraminfo":
                return _Static({"paraminfo": {"modules": [module]}})
            assert params["gusprop"] == "locked"
            return _Static({"query": {"globalusers": [
                {"name": n, **({"locked": True} if n == "N7" else {})}
                for n in params["gususers"]]}})

    site = Batch()
    client = WikiClient("metawiki", site, highlimits=False)
    locked = centralauth.locks(client, [f"N{i}" for i in range(120)], NoCache())
    assert len([p for p in site.asked if p["action"] == "query"]) == 3  # ceil(120 / 50)
    assert [n for n, is_locked in locked.items() if is_locked is True] == ["N7"]


class _Static:
    def __init__(self, answer: dict[str, Any]) -> None:
        self.answer = answer

    def submit(self) -> dict[str, Any]:
        return self.answer


@pytest.mark.parametrize("value", ["infinite", "infinity"])
def test_R_6_1_never_expiring_is_one_word(value: str) -> None:
    from bot.screening.wikiapi import expiry

    assert expiry(value) == "infinity"


def test_R_6_1_c_block_history_on_recorded_logs_renamed_account_under_its_new_name() -> None:
    """Core's block log (recorded on nlwiki, 1.39): expired and lifted blocks are history;
    after a global rename the entries are titled `User:New Name` and `User:Old Name` is empty,
    so the history of a renamed participant is asked under the new name."""
    site = RecordedWiki("nl.example.org")
    nl = WikiClient("nlwiki", site, highlimits=True, url=NL)
    names = ["Sitewide Blocked", "Partial Blocked", "Expired Block", "Unblocked User",
             "Old Name"]
    report = run.screen(from_names(names, "csv"), run.Targets([nl]), NoRecords(), NoCache(),
                        history_since=SINCE)
    by_name = {r.name: r for r in report.results}

    def history(name: str) -> list[tuple[str, str, bool]]:
        return [(f.detail["action"], f.expiry, f.detail["partial"])
                for f in by_name[name].findings if f.kind == "block-history"]

    assert history("Expired Block") == [("block", "2026-11-29T21:32:03Z", False)]
    assert [a for a, _e, _p in history("Unblocked User")] == ["unblock", "block"]
    assert history("Partial Blocked") == [("block", "infinity", True)]
    assert [a for a, _e, _p in history("Old Name")] == ["block"]  # asked as New Name
    assert by_name["Old Name"].status is Status.FLAGGED
    # One scan of the block log answered all five (cheaper than five requests).
    assert report.requests["nlwiki"]["history"] == 1

    alone = run.screen(from_names(["Old Name"], "csv"), run.Targets([nl]), NoRecords(),
                       NoCache(), history_since=SINCE)  # one name: one request, by title
    titles = [p["letitle"] for p in site.asked if p.get("letype") == "block" and "letitle" in p]
    assert titles == ["User:New Name"]
    assert [f.kind for f in alone.results[0].findings if f.check == "c"] == ["block-history"]


def test_R_6_1_d_a_centralauth_block_is_looked_up_on_the_wiki_to_tell_partial_from_sitewide(
        ) -> None:
    """`merged[].blocked` has the same shape for a partial and a sitewide block (recorded);
    where the bot can ask that wiki, `list=users&usprop=blockinfo` tells them apart."""
    meta = RecordedWiki("meta.example.org")
    central = WikiClient("metawiki", meta, highlimits=True, url=META)
    nl = WikiClient("nlwiki", RecordedWiki("nl.example.org"), highlimits=True, url=NL)
    report = run.screen(from_names(["Partial Blocked", "Sitewide Blocked"], "csv"),
                        run.Targets([nl], central=central), NoRecords(), NoCache(),
                        history_since=SINCE)
    found = {r.name: [(f.kind, f.source, f.log_id, f.expiry) for f in r.findings
                      if f.check == "d"] for r in report.results}
    assert found == {"Partial Blocked": [("partial-block", "nlwiki", "2", "infinity")],
                     "Sitewide Blocked": [("block", "nlwiki", "1", "2026-12-29T21:31:47Z")]}
    assert report.requests["nlwiki"]["blocks"] == 1  # one batch for both

    alone, _meta = _central(["Partial Blocked"])  # nlwiki not configured: cannot tell
    [finding] = alone.results[0].findings
    assert (finding.kind, finding.detail["partial"]) == ("block", "unknown")


def test_R_6_1_d_global_blocks_of_ips_and_ranges_with_the_rel1_39_parameters() -> None:
    """GlobalBlocking REL1_39 (recorded): no `bgtargets`, IPs only: `bgip` finds the range
    covering an address, `bgaddresses` the range itself; `anononly: ""` means anon-only."""
    meta = RecordedWiki("meta.example.org")
    central = WikiClient("metawiki", meta, highlimits=True, url=META)
    report = run.screen(from_names(["198.51.100.9", "198.51.100.0/24", "Vandal Example"],
                                   "csv"), run.Targets([], central=central), NoRecords(),
                        NoCache(), history_since=SINCE)
    by_name = {r.name: r for r in report.results}
    for name in ("198.51.100.9", "198.51.100.0/24"):
        [block] = by_name[name].findings
        assert (block.kind, block.log_id, block.reason, block.detail["anononly"]) == (
            "global-block", "2", "Long-term abuse range", True)
        assert by_name[name].status is Status.FLAGGED
    asked = [p for p in meta.asked if p.get("list") == "globalblocks"]
    assert not any("bgtargets" in p for p in asked)  # ignored on REL1_39: all blocks back
    assert [f.kind for f in by_name["Vandal Example"].findings] == ["lock"]
    assert report.notes == []


class _BigBlockLog:
    """SYNTHETIC (labelled): a block log of `size` entries spread evenly over the window, each
    entry a copy of the recorded sitewide block entry under another title; it pages as
    MediaWiki does (`lecontinue`). It tests the choice between scan and per-name requests."""

    def __init__(self, size: int, since: datetime) -> None:
        from tests.bot.screening.recorded import response

        [template] = response("core/logevents-block-sitewide.json")["query"]["logevents"]
        now = datetime.now(UTC)
        step = (now - since) / (size + 1)
        self.events = [{**template, "logid": size - i, "title": f"User:Blocked {i}",
                        "timestamp": (now - step * (i + 1)).strftime("%Y-%m-%dT%H:%M:%SZ")}
                       for i in range(size)]
        self.asked: list[dict[str, Any]] = []

    def simple_request(self, **params: Any) -> _Static:
        self.asked.append(params)
        if "letitle" in params:
            title = params["letitle"]
            return _Static({"query": {"logevents": [e for e in self.events
                                                    if e["title"] == title]}})
        start = int(params.get("lecontinue", "0"))
        limit = int(params["lelimit"])
        page = self.events[start:start + limit]
        more = {"continue": {"lecontinue": str(start + limit), "continue": "-||"}} \
            if start + limit < len(self.events) else {}
        return _Static({"query": {"logevents": page}, **more})


@pytest.mark.parametrize(("participants", "requests"), [
    (20, 6),  # 3,000 entries = 6 pages of 500: cheaper than 20 requests
    (4, 5),  # the first page shows 6 pages are needed: 4 requests by title instead (+1)
    (1, 1),  # one name: asked by title, no scan
])
def test_R_6_1_c_history_takes_the_cheaper_way_per_wiki(participants: int,
                                                         requests: int) -> None:
    from bot.screening import history

    log = _BigBlockLog(3000, SINCE)
    client = WikiClient("nlwiki", log, highlimits=False)
    names = [f"Blocked {i * 150}" for i in range(participants)]
    found = history.entries(client, names, SINCE, NoCache())
    assert client.requests["history"] == requests
    assert all(len(found[name]) == 1 for name in names)  # each one's block, either way


def test_R_6_1_c_centralauth_path_reads_history_only_where_the_account_edited_and_home() -> None:
    """Recorded: every account has `editcount: 0` on nlwiki and home metawiki, so nlwiki's
    block log is not asked; the current block there is still found (d)."""
    nl_site = RecordedWiki("nl.example.org")
    meta = WikiClient("metawiki", RecordedWiki("meta.example.org"), highlimits=True, url=META)
    nl = WikiClient("nlwiki", nl_site, highlimits=True, url=NL)
    report = run.screen(from_names(["Good Editor", "Sitewide Blocked"], "csv"),
                        run.Targets([nl], central=meta), NoRecords(), NoCache(),
                        history_since=SINCE)
    assert not [p for p in nl_site.asked if p.get("list") == "logevents"]
    assert {r.name: r.status for r in report.results} == {
        "Good Editor": Status.CLEAN, "Sitewide Blocked": Status.FLAGGED}
    answer = document_response("CentralAuth/globaluserinfo-clean.json")["query"]
    edited = {**answer["globaluserinfo"], "merged": [
        {**account, "editcount": 5 if account["wiki"] == "nlwiki" else 0}
        for account in answer["globaluserinfo"]["merged"]]}
    assert centralauth.active_wikis({"globaluserinfo": edited}) == ["nlwiki", "metawiki"]


def test_R_6_1_d_global_blocks_of_accounts_with_bgtargets_where_the_wiki_has_it() -> None:
    """MASTER / REL1_43 on (labelled hand-written `paraminfo`; the rows are the recorded
    REL1_39 rows, with `target` for `address` as the newer module names it): accounts and IPs
    go in one batch of `bgtargets`, matched by `target`."""
    module = document(MASTER / "paraminfo-globalblocks.json")
    rows = response("GlobalBlocking/globalblocks-bgaddresses.json")["query"]["globalblocks"]
    account_block = {**rows[0], "id": "3", "address": "Vandal Example",
                     "reason": "Cross-wiki abuse"}

    class Newer:
        def __init__(self) -> None:
            self.asked: list[dict[str, Any]] = []

        def simple_request(self, **params: Any) -> Any:
            self.asked.append(params)
            if params["action"] == "paraminfo":
                return _Static({"paraminfo": {"modules": [module]}})
            targets = params["bgtargets"].split("|")
            found = [{**{k: v for k, v in row.items() if k != "address"},
                      "target": row["address"]}
                     for row in [*rows, account_block] if row["address"] in targets]
            return _Static({"query": {"globalblocks": found}})

    site = Newer()
    client = WikiClient("metawiki", site, highlimits=True)
    found = globalblocks.blocks(client, ["Vandal Example", "Good Editor", "192.0.2.7"],
                                NoCache())
    assert {name: [b["id"] for b in blocks] for name, blocks in found.items()
            if not isinstance(blocks, str)} == {
        "Vandal Example": ["3"], "Good Editor": [], "192.0.2.7": ["1"]}
    queries = [p for p in site.asked if p["action"] == "query"]
    assert len(queries) == 1 and "target" in queries[0]["bgprop"]
