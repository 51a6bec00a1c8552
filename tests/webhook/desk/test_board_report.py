"""The half-yearly report to the board (R-14.3) on the case desk: the director, the board and
the board member BVR download it as a document with figures and a chart; it names nobody and
quotes no report; everyone else is refused, and a period that cannot be is not found."""

from __future__ import annotations

import secrets

from tests.webhook.desk.conftest import Desk, respondent

PAGE = "/desk/board-report"


def test_R_14_3_the_board_report_is_a_document_without_names_for_director_and_board(
        desk: Desk) -> None:
    planted = f"PLANTED{secrets.token_hex(6)}"
    desk.file(f"Er gebeurde iets: {planted}", parties=(respondent(f"User {planted}"),))
    year = desk.clock.now.year
    half = 1 if desk.clock.now.month <= 6 else 2
    for name in ("Dora", "Bea", "Bob"):
        client = desk.login(name, "nl")
        listing = client.get(PAGE)
        assert listing.status_code == 200
        link = f"{PAGE}/{year}-{half}.html"
        assert link in listing.get_data(as_text=True)
        document = client.get(link)
        assert document.status_code == 200
        assert document.headers["Content-Disposition"].startswith("attachment;")
        body = document.get_data(as_text=True)
        assert body.startswith("<!DOCTYPE html>") and "<svg" in body
        assert 'lang="nl"' in body and planted not in body
    for name in ("Ada", "Carl", "Stan", "Vera"):
        client = desk.login(name)
        assert client.get(PAGE).status_code == 403
        assert client.get(f"{PAGE}/{year}-{half}.html").status_code == 403
    client = desk.login("Dora")
    for period in (f"{year}-3", f"{year + 1}-1", "1999-1"):
        assert client.get(f"{PAGE}/{period}.html").status_code == 404, period
