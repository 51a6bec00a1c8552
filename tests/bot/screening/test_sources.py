"""R-6.1: participants from CampaignEvents (CONTRACT: the extension cannot run here; its
answers are RECORDED from CampaignEvents REL1_39, `fixtures/recorded/REL1_39/CampaignEvents/`,
and master's markers are a labelled hand-written fixture) and from CSV exports."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlsplit

from bot.screening import campaignevents, csvsource, run
from bot.screening.findings import Status
from tests.bot.screening.recorded import MASTER, REL1_39, document

REST = "https://meta.example.org/rest.php"


def _recorded_pages(*documents: dict[str, Any]) -> tuple[list[str], Any]:
    """A fetch that answers each URL with the recording of exactly that request."""
    asked: list[str] = []
    by_request = {(d["request"]["path"], frozenset(d["request"]["params"].items())): d
                  for d in documents}

    def fetch(url: str) -> Any:
        asked.append(url)
        parts = urlsplit(url)
        recorded = by_request[(f"{parts.scheme}://{parts.netloc}{parts.path}",
                               frozenset(parse_qsl(parts.query)))]
        return recorded["response"]

    return asked, fetch


def test_R_6_1_campaign_events_reads_on_past_a_short_page_until_an_empty_one() -> None:
    """REL1_39 (recorded): 28 registrations, 25 visible; page 1 holds 18 (hidden and deleted
    rows skipped), page 2 holds 7, only page 3 is empty."""
    pages = [document(REL1_39 / "CampaignEvents" / f"participants-{name}-bot.json")
             for name in ("page1", "page2", "page3-empty")]
    asked, fetch = _recorded_pages(*pages)
    found = campaignevents.participants(fetch, REST, 1)
    assert len(found) == 25 and len(asked) == 3
    assert "last_participant_id=21" in asked[1] and "last_participant_id=28" in asked[2]
    names = {p.name.name for p in found}
    assert {"New Name", "Vandal Example", "Participant 18"} <= names  # renamed: new name
    assert all(p.marker == "" for p in found)  # the locked one has no marker: the check says


def test_R_6_1_campaign_events_master_markers_hidden_and_deleted() -> None:
    """MASTER (labelled hand-written): a `not_found` row has no `user_name`; it is a deleted
    account, not an invalid name `#12`."""
    page = document(MASTER / "campaignevents-participants-markers.json")
    empty = {"request": {**page["request"], "params": {"include_private": "false",
                                                       "last_participant_id": "9"}},
             "response": []}
    _asked, fetch = _recorded_pages(page, empty)
    found = campaignevents.participants(fetch, REST, 1)
    assert [(p.name.name, p.marker) for p in found] == [
        ("Good Editor", ""), ("#5", "hidden"), ("#12", "deleted")]
    from bot.screening.wikiapi import NoCache
    from tests.bot.screening.recorded import NoRecords

    report = run.screen([p for p in found if p.marker], run.Targets([]), NoRecords(),
                        NoCache(), history_since=None)
    assert [r.status for r in report.results] == [Status.HIDDEN, Status.DELETED]


def test_R_6_1_csv_with_a_header_a_semicolon_and_a_bom() -> None:
    text = "\ufeffNaam;Gebruikersnaam\nJan;jan_de_Vries\nPiet;Piet\n;\n"
    assert [p.name.name for p in csvsource.participants(text)] == ["Jan de Vries", "Piet"]


def test_R_6_1_csv_without_a_header_uses_the_first_column() -> None:
    assert [p.name.name for p in csvsource.participants("alice\nbob,x\n")] == ["Alice", "Bob"]
