"""R-3.2: the printable participant summary (HTML and, through headless Chromium, PDF) and the
chat text, in the event's language, with its contact persons (R-8.2)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.footers import pdf, summary
from bot.footers.register import EventPage

LINKS = summary.Links("https://wiki.test/Beleid", "https://wiki.test/Melden",
                      "https://bvr.test/report",
                      {"Vera": "https://wiki.test/Speciaal:E-mailen/Vera"})


@pytest.mark.parametrize(("lang", "phrase"), [("nl", "Contactpersonen"),
                                              ("en", "Contact persons"),
                                              ("sv", "Kontaktpersoner")])
def test_R_3_2_summary_is_in_the_event_language_with_its_contact_persons(
        lang: str, phrase: str) -> None:
    event = EventPage(1, "Editathon", "Editathon", lang, ("Vera",))
    page = summary.html(event, LINKS, "Wikimedia Nederland")
    assert phrase in page and "Vera" in page and LINKS.web_form in page
    assert "Vera" in summary.chat_text(event, LINKS)
    assert LINKS.policy in summary.chat_text(event, LINKS)


def test_R_3_2_a_hostile_event_name_is_escaped_in_the_summary() -> None:
    event = EventPage(1, "<script>alert(1)</script>", "", "nl", ())
    page = summary.html(event, LINKS, "WMNL")
    assert "<script>" not in page and "&lt;script&gt;" in page


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian package chromium missing")
def test_R_3_2_summary_prints_to_a_pdf_with_headless_chromium(tmp_path: Path) -> None:
    event = EventPage(1, "Editathon", "Editathon", "nl", ("Vera",))
    target = pdf.to_pdf(summary.html(event, LINKS, "WMNL"), tmp_path / "summary.pdf")
    data = target.read_bytes()
    assert data.startswith(b"%PDF") and data.count(b"/Type /Page") >= 1
