"""The intake job against the test bed's real MediaWiki (flow 1): a person saves a report
through the form's preload; the job files it encrypted, removes and hides it on the wiki, and
tells the reporter the case number by wiki email (R-7.2, R-15.1, R-10.1, R-7.3)."""

from __future__ import annotations

import logging
import secrets
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import requests
from click.testing import CliRunner
from sqlalchemy import select

from bot.intake.cli import intake
from bvr.commands.common import Context
from bvr.services import casefiles
from bvr.services import intake as progress
from bvr.services.core import Core
from bvr.storage.models import Case
from bvr.storage.models_intake import IntakeItem
from testbed import reporter
from testbed.mediawiki import ApiError, WikiFarm
from testbed.ports import free_port
from testbed.smtp import SmtpCapture
from tests.bot.intake.conftest import ALARM
from tests.services.helpers import unlock

pytestmark = pytest.mark.mediawiki


def run_intake(core: Core, *args: str) -> dict[str, Any]:
    import json

    result = CliRunner().invoke(intake, ["--once", "--json", *args], obj=Context(_core=core),
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    *reports, totals = result.stdout.splitlines()  # a line per report, then the totals
    outcome = dict(json.loads(totals))
    handled = [json.loads(line) for line in reports]
    assert [line["case"] for line in handled if "filed" in line["steps"]] == outcome["filed"]
    return outcome


def _readable(wiki_farm: WikiFarm, session: Any, revid: int, title: str) -> list[str]:
    """Where `session` can still read the revision's text or summary (empty: nowhere)."""
    leaks = []
    answer = session.get(action="query", revids=revid, prop="revisions",
                         rvprop="content|comment", rvslots="main")
    if any(page.get("revisions") for page in answer["query"].get("pages", [])):
        leaks.append("api revisions")
    try:
        deleted = session.get(action="query", revids=revid, prop="deletedrevisions",
                              drvprop="content|comment", drvslots="main")
        for page in deleted["query"].get("pages", []):
            for rev in page.get("deletedrevisions", []):
                if "content" in rev.get("slots", {}).get("main", {}) or "comment" in rev:
                    leaks.append("api deletedrevisions")
    except ApiError:
        pass  # not allowed to see deleted revisions at all
    changes = session.get(action="query", list="recentchanges", rcprop="comment|ids",
                          rclimit=50)["query"]["recentchanges"]
    if any(rc.get("revid") == revid for rc in changes):
        leaks.append("recentchanges")
    for params in ({"action": "raw", "oldid": revid}, {"action": "history", "title": title}):
        response = session.http.get(wiki_farm["nl"].index_url,
                                    params={"title": title, **params}, timeout=30)
        if response.status_code == 200 and "SECRET-" in response.text:
            leaks.append(f"index.php {params['action']}")
    return leaks


def test_R_7_2_report_saved_through_the_form_is_filed_hidden_and_acknowledged(
        wiki_core: Core, wiki_farm: WikiFarm, make_person: Any, smtp_capture: SmtpCapture,
        tmp_path: Path) -> None:
    person = make_person()
    secret = f"SECRET-{secrets.token_hex(6)}"
    title, saved = reporter.report(wiki_farm["nl"], person.session,
                                   wat=f"{secret} werd uitgescholden", wanneer="2026-03-01",
                                   wie="[[Gebruiker:Some user]]", taal="en")
    revid = int(str(saved["newrevid"]))

    outcome = run_intake(wiki_core)
    assert len(outcome["filed"]) == 1 and outcome["hidden"] == outcome["filed"]
    number = outcome["filed"][0]

    # nobody reads it on the wiki any more: anonymous, a logged-in user. (Sysops can
    # read revision-deleted text by MediaWiki's design unless it is suppressed, which the
    # job does where the bot has `suppressrevision`.)
    other = make_person(email=False)
    with wiki_farm["nl"].session() as anonymous:
        for session in (anonymous, other.session):
            assert _readable(wiki_farm, session, revid, title) == []

    # Only through the vault: the database file holds no plain text of it.
    database_file = Path(str(wiki_core.database.engine.url.database))
    assert secret.encode() not in database_file.read_bytes()
    opened = casefiles.open_case(wiki_core, number, "Director", unlock(wiki_core, "Director"))
    assert secret in str(opened)

    # the reporter learns the number and what happens next, in their language.
    assert person.email is not None
    mail = smtp_capture.wait_for(lambda m: person.email in str(m["To"]))
    assert number in str(mail["Subject"]) and "What happens next" in mail.get_content()
    assert secret not in mail.get_content()
    assert progress.told_state(wiki_core, number) == "sent"

    assert run_intake(wiki_core)["filed"] == []  # a second run repeats nothing


def test_R_7_2_reporter_without_email_is_filed_and_the_case_desk_shows_not_told(
        wiki_core: Core, wiki_farm: WikiFarm, make_person: Any) -> None:
    person = make_person(email=False)
    reporter.report(wiki_farm["nl"], person.session, wat="Geen e-mailadres")
    outcome = run_intake(wiki_core)
    assert outcome["not_told"] == outcome["filed"] and len(outcome["filed"]) == 1
    number = outcome["filed"][0]
    assert progress.told_state(wiki_core, number) == "no-email"
    with wiki_core.database.transaction() as session:
        case = session.scalars(select(Case).where(Case.number == number)).one()
        assert case.reporter_informed is False


def test_R_7_2_emergency_takes_the_fast_track_with_number_and_no_text(
        wiki_core: Core, wiki_farm: WikiFarm, make_person: Any,
        smtp_capture: SmtpCapture) -> None:
    person = make_person()
    secret = f"SECRET-{secrets.token_hex(6)}"
    reporter.report(wiki_farm["nl"], person.session, wat=secret, noodgeval="ja")
    normal = make_person()
    reporter.report(wiki_farm["nl"], normal.session, wat="gewone melding")
    smtp_capture.clear()
    outcome = run_intake(wiki_core)
    assert len(outcome["alerted"]) == 1
    alarm = smtp_capture.wait_for(lambda m: ALARM in str(m["To"]))
    assert outcome["alerted"][0] in str(alarm["Subject"])
    assert secret not in alarm.get_content()
    # before any other work: the alert is the first mail of the round
    assert ALARM in str(smtp_capture.messages[0]["To"])


def test_R_7_2_page_edited_again_moved_or_deleted_by_an_admin_is_still_filed(
        wiki_core: Core, wiki_farm: WikiFarm, make_person: Any) -> None:
    run_intake(wiki_core)  # the job has run before: it knows where RecentChanges stood
    person = make_person()
    admin = wiki_farm["nl"].login(wiki_farm.admin.name, wiki_farm.admin.password)
    edited, _ = reporter.report(wiki_farm["nl"], person.session, wat="SECRET-eerste versie")
    person.session.post_with_token(action="edit", title=edited,
                                   appendtext="\nSECRET-aanvulling")
    moved, _ = reporter.report(wiki_farm["nl"], person.session, wat="SECRET-verplaatst")
    admin.post_with_token(action="move", **{"from": moved}, to=f"Elders {moved[-6:]}",
                          reason="test")
    gone, gone_saved = reporter.report(wiki_farm["nl"], person.session, wat="SECRET-weg")
    admin.post_with_token(action="delete", title=gone, reason="test")

    outcome = run_intake(wiki_core)
    assert len(outcome["filed"]) == 3 and sorted(outcome["hidden"]) == sorted(outcome["filed"])
    with wiki_farm["nl"].session() as anonymous:
        assert _readable(wiki_farm, anonymous, int(str(gone_saved["newrevid"])), gone) == []
    for number in outcome["filed"]:
        text = str(casefiles.open_case(wiki_core, number, "Director",
                                    unlock(wiki_core, "Director")))
        assert "SECRET-" in text
    admin.close()


def test_R_7_2_anyone_reading_history_of_a_filed_report_finds_nothing(
        wiki_core: Core, wiki_farm: WikiFarm, make_person: Any) -> None:
    person = make_person()
    title, _ = reporter.report(wiki_farm["nl"], person.session, wat="SECRET-historie",
                               summary="SECRET-samenvatting")
    run_intake(wiki_core)
    response = requests.get(wiki_farm["nl"].index_url,
                            params={"title": title, "action": "history"}, timeout=30)
    assert "SECRET-" not in response.text


def test_R_7_2_a_fresh_database_does_not_file_reports_handled_before_it_existed(
        wiki_core: Core, wiki_farm: WikiFarm, make_person: Any,
        smtp_capture: SmtpCapture) -> None:
    """Installed on a wiki where reports were handled by hand, the job must not file again,
    and write to the reporters of, every report page an administrator deleted in the last
    90 days of RecentChanges. Report pages that still exist are taken in."""
    person = make_person()
    admin = wiki_farm["nl"].login(wiki_farm.admin.name, wiki_farm.admin.password)
    handled, _ = reporter.report(wiki_farm["nl"], person.session, wat="Al afgehandeld")
    admin.post_with_token(action="delete", title=handled, reason="handled by hand")
    admin.close()
    waiting, _ = reporter.report(wiki_farm["nl"], person.session, wat="Wacht nog")
    outcome = run_intake(wiki_core)
    assert len(outcome["filed"]) >= 1  # the waiting one (and any other test's that still wait)
    with wiki_core.database.transaction() as session:
        titles = set(session.scalars(select(IntakeItem.title)))
    assert waiting in titles and handled not in titles


def test_R_7_2_an_emergency_alert_that_cannot_be_mailed_does_not_stop_intake(
        wiki_core: Core, wiki_farm: WikiFarm, make_person: Any, smtp_capture: SmtpCapture,
        caplog: pytest.LogCaptureFixture) -> None:
    """The mail server is down: the report is still filed, hidden and the reporter told, the
    log says loudly that the alert did not go out, and the next round sends it."""
    run_intake(wiki_core)
    person = make_person()
    reporter.report(wiki_farm["nl"], person.session, wat="Noodgeval zonder post", noodgeval="ja")
    working = wiki_core.config.mail
    wiki_core.config = replace(wiki_core.config, mail=replace(working, port=free_port()))
    with caplog.at_level(logging.ERROR, logger="bvr.intake"):
        first = run_intake(wiki_core)
    [number] = first["filed"]
    assert first["hidden"] == [number] and first["told"] == [number] and first["alerted"] == []
    assert any(number in record.getMessage() and record.levelno == logging.ERROR
               for record in caplog.records)
    wiki_core.config = replace(wiki_core.config, mail=working)
    smtp_capture.clear()
    second = run_intake(wiki_core)
    assert second["alerted"] == [number] and second["filed"] == []
    alarm = smtp_capture.wait_for(lambda m: ALARM in str(m["To"]))
    assert number in str(alarm["Subject"])


@pytest.mark.parametrize("fields", [{}, {"wat": "   "}], ids=["untouched-form", "blank"])
def test_R_7_2_an_empty_report_is_removed_and_its_reporter_told_how_to_report_instead(
        wiki_core: Core, wiki_farm: WikiFarm, make_person: Any, smtp_capture: SmtpCapture,
        fields: dict[str, str]) -> None:
    """Issue 10: an empty report was deleted and hidden, but its reporter never heard."""
    wiki = wiki_farm["nl"]
    person = make_person()
    title = reporter.new_title()
    text = reporter.fill(reporter.preloaded(wiki, person.session, title), taal="en", **fields)
    reporter.save(person.session, title, text)

    outcome = run_intake(wiki_core)
    assert outcome["empty"] >= 1
    assert not wiki.api(action="query", titles=title)["query"]["pages"][0].get("pageid")
    assert person.email is not None
    mail = smtp_capture.wait_for(lambda m: person.email in str(m["To"]))
    body = mail.get_content()
    assert "could not be filed" in str(mail["Subject"])
    assert wiki_core.config.wiki.report_form_page in body and "/report" in body
