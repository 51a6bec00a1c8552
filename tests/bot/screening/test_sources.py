"""R-6.1: participants from CampaignEvents (CONTRACT: the extension cannot run here; the page
document is a labelled fixture) and from CSV exports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bot.screening import campaignevents, csvsource

FIXTURES = Path(__file__).parent / "fixtures"


def test_R_6_1_campaign_events_pages_and_markers() -> None:
    first = json.loads((FIXTURES / "campaignevents_page1.json").read_text(encoding="utf-8"))
    full = [dict(first[0], participant_id=100 + i, user_name=f"P{i}") for i in range(20)]
    asked: list[str] = []

    def fetch(url: str) -> Any:
        asked.append(url)
        return full if len(asked) == 1 else first

    found = campaignevents.participants(fetch, "https://meta.example/w/rest.php", 7)
    assert len(asked) == 2 and "last_participant_id=119" in asked[1]
    assert "include_private=false" in asked[0]
    markers = {p.name.name: p.marker for p in found}
    assert markers["Jan de Vries"] == "" and markers["Gone user"] == "not_found"
    assert "hidden" in markers.values()  # kept, never dropped or called clean
    assert len(found) == 23


def test_R_6_1_csv_with_a_header_a_semicolon_and_a_bom() -> None:
    text = "\ufeffNaam;Gebruikersnaam\nJan;jan_de_Vries\nPiet;Piet\n;\n"
    assert [p.name.name for p in csvsource.participants(text)] == ["Jan de Vries", "Piet"]


def test_R_6_1_csv_without_a_header_uses_the_first_column() -> None:
    assert [p.name.name for p in csvsource.participants("alice\nbob,x\n")] == ["Alice", "Bob"]
