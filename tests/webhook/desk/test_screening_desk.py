"""Pre-event screening on the case desk (R-6.1, R-6.2, R-15.2; issue 6), through the real pages
with Flask's test client, on SQLite and MariaDB (the shared `core` fixture).

Runs are stored with `screening.store_run` directly (no wiki needed). Only the director and
the board member BVR see the runs (R-6.2, as `screening.may_read` says); every other role is
refused and a visitor is sent to the login. A run id that does not exist and one that cannot
be read give the same "not found". Notes of R-6.1(b) go in from anyone who may enter a report
and come out for the readers only; a measure lands in a case file, and a preventive exclusion
shows its letter. Nothing of a run reaches the logs, the mail or the database in plain text.
"""

from __future__ import annotations

import html
import logging
import re
from typing import Any

import pytest
from sqlalchemy import func, select

from bvr.domain import EntryKind, Role
from bvr.errors import BvrError
from bvr.i18n import LANGUAGES, translate
from bvr.services import casework_accounts, people, screening
from bvr.storage.models import AuditRecord, Case, CaseEntry
from tests.webhook.desk import scenario
from tests.webhook.desk.conftest import (
    CAST,
    PASSPHRASE,
    PASSWORD,
    Desk,
    DeskClient,
    csrf_of,
    flashes,
)

BLOCK_LINK = "https://nl.wikipedia.org/w/index.php?title=Speciaal:Blokkeerlijst&wpTarget=%234711"
SOURCE = {"kind": "page", "title": "Wikimeetup Utrecht/Aanmelden", "wiki": "wikipedia:nl"}
REPORT: dict[str, Any] = {"path": "central", "seconds": {}, "requests": {}, "participants": [
    {"raw": "mallory_example", "name": "Mallory Example", "found_as": "Mallory Example",
     "status": "flagged", "exists_on": ["nlwiki"], "findings": [
         {"check": "d", "kind": "block", "source": "nlwiki", "reason": "Vandalism planted-r9",
          "expiry": "2026-06-01T00:00:00Z", "log_id": "4711", "link": BLOCK_LINK,
          "detail": {"by": "Admin planted-a1", "since": "2026-01-02T10:00:00Z"}},
         {"check": "b", "kind": "note", "source": "wmnl", "reason": "", "expiry": "",
          "log_id": "1", "link": "", "detail": {}},
         {"check": "c", "kind": "noticeboard", "source": "nlwiki",
          "reason": "Section planted-s5", "expiry": "", "log_id": "",
          "link": "javascript:alert(1)", "detail": {}}]},
    {"raw": "Clean Person", "name": "Clean Person", "found_as": "Clean Person",
     "status": "clean", "exists_on": ["nlwiki"], "findings": []},
    {"raw": "Old Name", "name": "Old Name", "found_as": "New Name planted-n2",
     "status": "renamed", "exists_on": [], "findings": [
         {"check": "identity", "kind": "renamed", "source": "nlwiki", "reason": "",
          "expiry": "", "log_id": "99", "link": "",
          "detail": {"to": "New Name planted-n2", "at": "2025-12-01T00:00:00Z"}}]},
    {"raw": "192.0.2.1", "name": "192.0.2.1", "found_as": "", "status": "ip",
     "exists_on": [], "findings": []},
    {"raw": "Half Checked", "name": "Half Checked", "found_as": "csv", "status": "error",
     "exists_on": ["nlwiki"], "findings": [], "unchecked": ["locks"],
     "errors": ["nlwiki: ConnectionError: Connection refused"]},
    {"raw": "Maybe Hidden", "name": "Maybe Hidden", "found_as": "csv", "status": "unknown",
     "exists_on": [], "findings": [], "traces": ["metawiki"]}],
    "notes": [{"note": "locks-not-checked"},
              {"note": "section-withdrawn", "section": "Afgemeld", "count": "1",
               "names": "Withdrawn planted-w3"}]}
#: Strings of the run that may show on the readers' pages and nowhere else.
PLANTED = ("Mallory Example", "planted-r9", "planted-a1", "planted-s5", "planted-n2",
           "Clean Person", "Aanmelden", "planted-w3", "Half Checked", "Maybe Hidden")
READERS = ("Dora", "Bea")
OTHERS = tuple(name for name in CAST if name not in READERS)


def _store(desk: Desk, report: dict[str, Any] | None = None) -> int:
    return screening.store_run(desk.core, report or REPORT, SOURCE)


def _audit(desk: Desk, action: str, detail: str | None = None) -> int:
    query = select(func.count()).select_from(AuditRecord).where(AuditRecord.action == action)
    if detail is not None:
        query = query.where(AuditRecord.detail == detail)
    with desk.core.database.transaction() as session:
        return session.scalar(query) or 0


def _measures(desk: Desk, number: str) -> int:
    with desk.core.database.transaction() as session:
        case_id = session.scalars(select(Case.id).where(Case.number == number)).one()
        return session.scalar(select(func.count()).select_from(CaseEntry).where(
            CaseEntry.case_id == case_id, CaseEntry.kind == EntryKind.MEASURE)) or 0


def _nothing_leaked(desk: Desk, caplog: pytest.LogCaptureFixture,
                    planted: tuple[str, ...] = PLANTED) -> None:
    """Nothing of a run, a note or a letter in the logs, the mail or the database."""
    assert [p for p in planted if p in caplog.text] == []
    for message in desk.smtp.messages:
        assert [p for p in planted if p in message.as_string()] == []
    raw = desk.raw_database()
    if raw is not None:
        assert [p for p in planted if p.encode() in raw] == []


def _main(page: str) -> str:
    """The page's content, without the header (whose language links repeat the path)."""
    return page.split("<main>", 1)[1]


def _menu(client: DeskClient) -> str:
    return client.get("/desk/").get_data(as_text=True)


def test_R_6_2_the_director_and_the_board_member_bvr_read_the_run(
        desk: Desk, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    run_id = _store(desk)
    for name in READERS:
        client = desk.login(name)
        assert "/desk/screening" in _menu(client)
        listing = client.get("/desk/screening")
        assert listing.status_code == 200
        page = listing.get_data(as_text=True)
        row = re.search(r'<table id="screening-runs">.*?</table>', page, re.S)
        assert row is not None
        cells = re.findall(r"<td>(.*?)</td>", row.group(0))
        assert cells == [f'<a href="/desk/screening/{run_id}">{run_id}</a>',
                         # in the association's time, like every time on the desk
                         desk.core.now().astimezone(desk.core.config.zone)
                         .strftime("%Y-%m-%d %H:%M"),
                         translate("web-screening-source-page", "en"), "6", "5"]
        assert not [p for p in PLANTED if p in page]  # the list names nobody

        answer = client.get(f"/desk/screening/{run_id}")
        assert answer.status_code == 200
        page = html.unescape(answer.get_data(as_text=True))
        for shown in ("Mallory Example", "Clean Person", "Old Name", "192.0.2.1",
                      "Wikimeetup Utrecht/Aanmelden", "Vandalism planted-r9",
                      # the expiry in the association's time, the checks of in words
                      "2026-06-01 02:00", translate("web-screening-check-d", "en"),
                      translate("web-screening-check-b", "en"),
                      translate("web-screening-check-c", "en"), "nlwiki",
                      f'<a href="{BLOCK_LINK}" rel="noopener noreferrer">4711</a>',
                      "Admin planted-a1", "Section planted-s5", "New Name planted-n2",
                      "mallory_example"):
            assert shown in page, shown
        for status in ("flagged", "clean", "renamed", "ip", "error", "unknown"):
            assert translate(f"screening-status-{status}", "en") in page, status
        for shown in ("nlwiki: ConnectionError: Connection refused",
                      translate("screening-unchecked", "en", checks="locks"),
                      translate("screening-possibly-hidden", "en", wikis="metawiki"),
                      translate("screening-note-locks-not-checked", "en"),
                      translate("screening-note-section-withdrawn", "en", section="Afgemeld",
                                num="1", names="Withdrawn planted-w3")):
            assert shown in page, shown
        for word in ("web-screening-kind-block", "web-screening-kind-note",
                     "web-screening-kind-noticeboard", "web-screening-kind-renamed",
                     "web-screening-check-identity", "web-screening-detail-to",
                     "web-screening-no-findings"):
            assert translate(word, "en") in page, word
        assert 'href="javascript:' not in page  # a link only when it is a web address
    # Every reading is audited by the service, one record per reading.
    assert _audit(desk, "screening-read", f"run:{run_id}") == 2
    # In the reader's language (Bea reads Dutch here).
    dutch = desk.login("Bea", "nl").get(f"/desk/screening/{run_id}").get_data(as_text=True)
    for key in ("web-screening-kind-block", "web-screening-expiry", "screening-status-flagged",
                "web-screening-measure-heading"):
        assert html.escape(translate(key, "nl")) in dutch, key
    _nothing_leaked(desk, caplog, (*PLANTED, "192.0.2.1"))


def test_R_6_2_R_15_2_every_other_role_and_no_login_are_refused(
        desk: Desk, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    run_id = _store(desk)
    number = scenario.in_handling(desk)
    measure = {"participant": "Mallory Example", "measure": "talk", "number": number,
               "event": "Wikimeetup Utrecht", "reason": "", "language": "en"}
    for name in OTHERS:
        client = desk.login(name)
        assert "/desk/screening\"" not in _menu(client), name
        for path in ("/desk/screening", f"/desk/screening/{run_id}"):
            answer = client.get(path)
            assert answer.status_code == 403, (name, path, answer.status_code)
            assert not [p for p in PLANTED if p in answer.get_data(as_text=True)]
        assert client.post(f"/desk/screening/{run_id}/measure", measure).status_code == 403
        assert client.post("/desk/screening/notes/read",
                           {"subject": "Mallory Example"}).status_code == 403
    assert _measures(desk, number) == 0

    visitor = desk.client()
    for path in ("/desk/screening", f"/desk/screening/{run_id}", "/desk/screening/notes"):
        answer = visitor.get(path)
        assert answer.status_code == 302, path
        assert "/desk/login" in answer.headers["Location"]
    for path, form in ((f"/desk/screening/{run_id}/measure", measure),
                       ("/desk/screening/notes/read", {"subject": "Mallory Example"}),
                       ("/desk/screening/notes", {"subject": "X", "text": "Y"})):
        answer = visitor.post(path, form)
        assert answer.status_code == 302 and "/desk/login" in answer.headers["Location"]
    assert _audit(desk, "screening-read") == 0
    assert _audit(desk, "screening-notes-read") == 0
    assert _audit(desk, "screening-note-added") == 0
    _nothing_leaked(desk, caplog)


def test_R_6_2_guessed_run_ids_get_the_same_not_found_as_unreadable_ones(desk: Desk) -> None:
    """A run stored before a new board member BVR had a key is not theirs to read until a
    reader unlocks and hands the key over (ADR 0007): until then the same 404 as a run that
    does not exist (the service's "screening-run-unknown")."""
    run_id = _store(desk)
    people.add_person(desk.core, "Bart", (Role.BOARD_BVR,), language="en",
                      email="bart@example.org")
    people.set_passphrase(desk.core, "Bart", PASSPHRASE)
    casework_accounts.set_local_password(desk.core, "Bart", PASSWORD)
    later = _store(desk)  # wrapped to Bart too

    bart = desk.login("Bart")
    assert bart.get(f"/desk/screening/{later}").status_code == 200
    # The list names only the runs Bart can open.
    listed = bart.get("/desk/screening").get_data(as_text=True)
    assert f'href="/desk/screening/{later}"' in listed
    assert f'href="/desk/screening/{run_id}"' not in listed
    unreadable = bart.get(f"/desk/screening/{run_id}")
    assert unreadable.status_code == 404
    body = _main(unreadable.get_data(as_text=True))
    assert "Mallory Example" not in body
    assert bart.post(f"/desk/screening/{run_id}/measure",
                     {"participant": "Mallory Example"}).status_code == 404
    dora = desk.login("Dora")
    for guess in (str(later + 1), str(later + 50), "2147483647", "2147483648",
                  "99999999999999999999", "0", "-1", "abc", "1%27%20OR%20%271%27=%271",
                  "..%2F1", "1.0"):
        for client in (bart, dora):
            answer = client.get(f"/desk/screening/{guess}")
            assert answer.status_code == 404, (client.name, guess)
            assert _main(answer.get_data(as_text=True)) == body, (client.name, guess)
    assert dora.post(f"/desk/screening/{later + 1}/measure",
                     {"participant": "Mallory Example"}).status_code == 404
    # A refused reading wrote no audit record of a reading.
    assert _audit(desk, "screening-read", f"run:{run_id}") == 0
    # Dora unlocked when she logged in: the pending wrap to Bart is done (ADR 0007).
    assert f'href="/desk/screening/{run_id}"' in desk.login("Bea").get(
        "/desk/screening").get_data(as_text=True)
    assert bart.get(f"/desk/screening/{run_id}").status_code == 200


def test_R_6_1_b_a_note_round_trip(desk: Desk, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    note = "Harassed a newcomer on Commons in January (planted-k7)."
    carl = desk.login("Carl")  # a contact person may write (add_note: may enter a report)
    menu = _menu(carl)
    assert "/desk/screening/notes" in menu and 'href="/desk/screening"' not in menu
    page = carl.get("/desk/screening/notes").get_data(as_text=True)
    assert 'id="note-form"' in page and 'id="notes-read-form"' not in page
    answer = carl.post("/desk/screening/notes", {"subject": "mallory_Example", "text": note})
    assert answer.status_code == 303
    assert flashes(carl.get(answer.headers["Location"])) == [
        translate("screening-note-added", "en", note=1)]
    assert carl.post("/desk/screening/notes/read",
                     {"subject": "Mallory Example"}).status_code == 403  # writing, not reading
    # Refused forms keep what was typed and say why.
    empty = carl.post("/desk/screening/notes", {"subject": "Mallory Example", "text": " "})
    assert empty.status_code == 400
    assert flashes(empty) == [translate("screening-note-empty", "en")]
    nobody = carl.post("/desk/screening/notes", {"subject": " ", "text": "Kept text k8"})
    assert nobody.status_code == 400 and "Kept text k8" in nobody.get_data(as_text=True)
    assert flashes(nobody) == [translate("web-screening-subject-empty", "en")]
    # Without the form's CSRF token nothing is recorded: the form is kept for its author to
    # send again (webhook/auth/pending.py), not taken.
    unsent = carl.client.post("/desk/screening/notes",
                              data={"subject": "Mallory Example", "text": note})
    assert unsent.status_code == 302 and unsent.headers["Location"].endswith("/desk/resume")
    # The appeals committee holds no role that may enter a report.
    ada = desk.login("Ada")
    assert ada.get("/desk/screening/notes").status_code == 403
    assert ada.post("/desk/screening/notes",
                    {"subject": "Mallory Example", "text": note}).status_code == 403
    assert _audit(desk, "screening-note-added") == 1

    for name in READERS:
        reader = desk.login(name)
        read = reader.post("/desk/screening/notes/read", {"subject": "Mallory_Example"})
        assert read.status_code == 200
        page = html.unescape(read.get_data(as_text=True))
        assert note in page and "Mallory Example" in page
        other = reader.post("/desk/screening/notes/read", {"subject": "Somebody Else"})
        assert translate("web-screening-notes-none", "en") in other.get_data(as_text=True)
        assert note not in html.unescape(other.get_data(as_text=True))
    assert _audit(desk, "screening-notes-read") == 4
    # A run that found the note offers its readers the notes of that participant.
    run_page = desk.login("Dora").get(f"/desk/screening/{_store(desk)}").get_data(as_text=True)
    assert 'action="/desk/screening/notes/read"' in run_page
    assert '<input type="hidden" name="subject" value="Mallory Example">' in run_page
    _nothing_leaked(desk, caplog, ("planted-k7", "Mallory Example", "Kept text k8"))


def test_R_6_2_a_measure_lands_in_the_case_file(
        desk: Desk, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    run_id = _store(desk)
    number = scenario.in_handling(desk)
    path = f"/desk/screening/{run_id}/measure"
    dora = desk.login("Dora")
    form = {"participant": "Mallory Example", "measure": "preventive_exclusion",
            "number": number, "event": "Wikimeetup Utrecht", "reason": "Blocked planted-q4",
            "language": "nl"}
    page = dora.get(f"/desk/screening/{run_id}").get_data(as_text=True)
    assert 'id="measure-form"' in page
    assert 'value="Wikimeetup Utrecht/Aanmelden"' in page  # the event, from the source

    # A preventive exclusion: recorded, and the letter from the template, in Dutch.
    answer = dora.post(path, form)
    assert answer.status_code == 200
    letter = screening.exclusion_letter(
        "nl", association=desk.core.config.association, username="Mallory Example",
        event="Wikimeetup Utrecht", reason="Blocked planted-q4", contact="Dora",
        day=desk.core.now().astimezone(desk.core.config.zone).date())
    shown = html.unescape(answer.get_data(as_text=True))
    assert letter in shown
    assert translate("screening-measure-recorded", "en", number=number) in shown
    assert _measures(desk, number) == 1
    case = html.unescape(dora.get(f"/desk/case/{number}").get_data(as_text=True))
    assert translate("web-desk-entry-measure", "en") in case
    for field in ("measure", "participant", "event", "reason", "letter", "screening-run",
                  "rule"):
        assert f"<dt>{translate('web-entry-field-' + field, 'en')}</dt>" in case, field
    assert "Blocked planted-q4" in case and "R-6.2" in case

    # A talk: recorded, and the desk goes to the case file.
    talk = dict(form, measure="talk", participant="Old Name")
    answer = dora.post(path, talk)
    assert answer.status_code == 303 and answer.headers["Location"] == f"/desk/case/{number}"
    assert flashes(dora.get(answer.headers["Location"])) == [
        translate("screening-measure-recorded", "en", number=number)]
    assert _measures(desk, number) == 2

    # Refused: someone not in this run, an unknown measure, another language; typed text kept.
    for changed, expected, status in (
            ({"participant": "Somebody Else"},
             translate("web-screening-participant-unknown", "en"), 400),
            ({"measure": "ban"}, translate("screening-measure-unknown", "en", measure="ban",
                                           choices=", ".join(screening.MEASURES)), 400),
            ({"language": "fr"}, BvrError("web-field-choice", field="language").text("en"), 400)):
        refused = dora.post(path, dict(form, **changed))
        assert refused.status_code == status, changed
        assert flashes(refused) == [expected], changed
        assert "Blocked planted-q4" in refused.get_data(as_text=True)
    # A case file that does not exist, a malformed number and one the director may not open
    # (she is its respondent, R-10.1, R-15.2) get the same words.
    against = scenario.against_director(desk)
    for other in (against, "NOT-A-NUMBER", number[:-1] + ("A" if number[-1] != "A" else "B")):
        refused = dora.post(path, dict(form, number=other))
        assert refused.status_code in {400, 403}, other
        assert flashes(refused) == [
            translate("web-screening-case-unavailable", "en", number=other)], other
    assert _measures(desk, number) == 2 and _measures(desk, against) == 0
    # The board member BVR handles that case and records the measure there.
    assert desk.login("Bea").post(path, dict(talk, number=against)).status_code == 303
    assert _measures(desk, against) == 1
    # Without the form's CSRF token nothing is recorded (the form is kept to send again).
    unsent = dora.client.post(path, data=form)
    assert unsent.status_code == 302 and unsent.headers["Location"].endswith("/desk/resume")
    assert csrf_of(dora.client)  # (the session had a token all along)
    assert _measures(desk, number) == 2
    _nothing_leaked(desk, caplog, (*PLANTED, "planted-q4"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_R_6_2_the_screening_pages_render_in_every_language(desk: Desk, lang: str) -> None:
    run_id = _store(desk)
    number = scenario.in_handling(desk)
    bea = desk.login("Bea", lang=lang)
    for path in ("/desk/", "/desk/screening", f"/desk/screening/{run_id}",
                 "/desk/screening/notes"):
        page = bea.get(path)
        assert page.status_code == 200, path
        assert f'<html lang="{lang}" dir="ltr">' in page.get_data(as_text=True)
    letter = bea.post(f"/desk/screening/{run_id}/measure", {
        "participant": "Mallory Example", "measure": "preventive_exclusion", "number": number,
        "event": "Wikimeetup Utrecht", "reason": "", "language": lang})
    assert letter.status_code == 200
    text = html.unescape(letter.get_data(as_text=True))
    assert translate("web-screening-letter-heading", lang) in text
    assert translate("screening-measure-recorded", lang, number=number) in text
    notes = bea.post("/desk/screening/notes/read", {"subject": "Mallory Example"})
    assert translate("web-screening-notes-none", lang) in html.unescape(
        notes.get_data(as_text=True))
