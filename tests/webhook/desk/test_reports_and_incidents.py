"""Reports entered on the desk and on-site incident records (flow 3): staff enter oral and
written reports (R-7.2), anyone on duty opens a case ex officio (R-5), the confidant takes
reports in confidence (R-2.1); contact persons write an incident record on a short mobile form
(R-8.4, R-8.5), the director is told at once by an email without content (R-8.6), and the
record is a case file (R-15.1)."""

from __future__ import annotations

import re

from sqlalchemy import select

from bvr.domain import CaseStatus, Channel
from bvr.errors import BvrError
from bvr.i18n import translate
from bvr.storage.models import AuditRecord, Case
from tests.webhook.desk.conftest import Desk, email_of, flashes, refusals

NATURE = "A participant kept photographing another against her wish (planted-91c2)."


def _number_in(flash: str) -> str:
    # A case number, or the pending reference of an anonymous report.
    found = re.search(r"[A-Z]+-\d{4}-\d{4}-[A-Z0-9]|P-[0-9A-Z]{10}", flash)
    assert found, flash
    return found.group(0)


def _case(desk: Desk, number: str) -> Case:
    with desk.core.database.transaction() as session:
        case = session.scalars(select(Case).where(Case.at(number))).one()
        session.expunge(case)
        return case


def test_R_7_2_R_5_R_2_1_reports_entered_on_the_desk(desk: Desk) -> None:
    stan = desk.login("Stan")
    form = stan.get("/desk/report").get_data(as_text=True)
    token = re.search(r'name="token" value="([^"]+)"', form)
    assert token
    report = {"channel": "oral", "what_happened": "Told me at the coffee machine (planted-5d).",
              "reporter_name": "Rosa Reporter", "reporter_is_victim": "1",
              "respondent_username": "Mallory", "incident_on": "2026-03-10",
              "token": token.group(1)}
    desk.smtp.clear()
    answer = stan.post("/desk/report", report)
    assert answer.status_code == 303
    number = _number_in(flashes(stan.get("/desk/"))[0])
    # The same form sent twice (a double click) is one report, and one alert.
    assert stan.post("/desk/report", report).status_code == 303
    assert _number_in(flashes(stan.get("/desk/"))[0]) == number
    alerts = desk.smtp.sent_to(email_of("Dora"))
    assert len(alerts) == 1 and number in alerts[0]["Subject"]
    assert "planted-5d" not in alerts[0].get_content()
    case = _case(desk, number)
    assert (case.channel, case.status) == (Channel.ORAL, CaseStatus.RECEIVED)
    # Staff file it but cannot read it back; the director can.
    assert stan.get(f"/desk/case/{number}").status_code == 404
    page = desk.login("Dora").get(f"/desk/case/{number}").get_data(as_text=True)
    assert "planted-5d" in page and "Rosa Reporter" in page

    # the director opens a case ex officio: the confidant, in confidence.
    dora = desk.login("Dora")
    dora.get("/desk/report")
    assert dora.post("/desk/report", {"channel": "ex_officio", "token": "seen-1",
                                      "what_happened": "Saw a heated exchange."}
                     ).status_code == 303
    assert _case(desk, _number_in(flashes(dora.get("/desk/"))[0])).channel is Channel.EX_OFFICIO
    vera = desk.login("Vera")
    answer = vera.post("/desk/report", {"channel": "written", "anonymous": "1", "token": "v-1",
                                        "what_happened": "Someone confided in me."})
    assert answer.status_code == 303
    confided = _number_in(flashes(vera.get("/desk/"))[0])
    assert vera.get(f"/desk/case/{confided}").status_code == 404  # no case file for her
    assert _case(desk, confided).status is CaseStatus.AWAITING_CONFIRMATION

    # A refused form keeps what was typed and says why, in the reader's language.
    answer = stan.post("/desk/report?uselang=sv", {"channel": "wiki_form", "token": "x",
                                                  "what_happened": "Kept text."})
    assert answer.status_code == 400
    assert "Kept text." in answer.get_data(as_text=True)
    assert flashes(answer) == [BvrError("web-field-choice", field="channel").text("sv")]
    # The appeals committee takes no reports (R-7.2 names who does).
    assert desk.login("Ada").get("/desk/report").status_code == 403


def test_R_8_5_R_8_6_R_15_1_an_on_site_incident_record_on_the_mobile_form(desk: Desk) -> None:
    carl = desk.login("Carl")
    form = carl.get("/desk/incident")
    text = form.get_data(as_text=True)
    assert form.status_code == 200
    assert 'name="viewport" content="width=device-width' in text  # mobile (base layout)
    assert "Wikimeetup Utrecht" in text and "Edit-a-thon Den Haag" not in text  # own events
    token = re.search(r'name="token" value="([^"]+)"', text)
    assert token
    record = {"event_id": str(desk.events["meetup"]), "nature": NATURE,
              "persons_involved": "Photographer Piet, Model Mia",
              "reported_by": "Mia herself", "actions": ["heard_respondent", "verbal_reprimand"],
              "action_notes": "Piet deleted the photos.", "token": token.group(1)}
    desk.smtp.clear()
    answer = carl.post("/desk/incident", record)
    assert answer.status_code == 303
    number = _number_in(flashes(carl.get("/desk/"))[0])

    # the director is told at once, by an email that names only the case.
    mail = desk.smtp.wait_for(lambda m: email_of("Dora") in str(m["X-Envelope-To"]))
    body = mail.get_content()
    assert number in mail["Subject"] and number in body
    assert translate("notify-reason-incident-record", "en") in body
    for secret in ("planted-91c2", "Piet", "Mia", "photograph", "Wikimeetup"):
        assert secret not in body and secret not in mail["Subject"]
    assert not desk.smtp.sent_to(email_of("Carl"))

    # the record is a case file, which the director opens.
    case = _case(desk, number)
    assert (case.channel, case.during_event, case.status) == (Channel.ON_SITE, True,
                                                              CaseStatus.RECEIVED)
    page = desk.login("Dora").get(f"/desk/case/{number}").get_data(as_text=True)
    assert NATURE in page
    # The record's form, field by field in the reader's words (not the stored JSON).
    assert (f"{translate('web-entry-field-persons-involved', 'en')}: "
            "Photographer Piet, Model Mia<br>") in page
    assert translate("web-incident-action-verbal-reprimand", "en") in page
    assert "{&#34;" not in page and '{"' not in page
    assert translate("web-entry-field-entered-by", "en") + "</dt><dd>Carl</dd>" in page
    # The contact person reads it back among their event's records, and nothing more.
    records = carl.get("/desk/incidents").get_data(as_text=True)
    assert NATURE in records and "Photographer Piet" in records
    assert translate("web-incident-action-verbal-reprimand", "en") in records
    assert carl.get(f"/desk/case/{number}").status_code == 404
    assert NATURE not in desk.login("Cora").get("/desk/incidents").get_data(as_text=True)
    # Sent twice (a bad connection on a phone): one record.
    carl.post("/desk/incident", record)
    assert _number_in(flashes(carl.get("/desk/"))[0]) == number

    # a record is written also when nothing was done: declined on the spot.
    carl.post("/desk/incident", {"event_id": str(desk.events["meetup"]), "token": "t-2",
                                 "nature": "A complaint that turned out to be a joke.",
                                 "declined_as_unfounded": "1"})
    declined = _number_in(flashes(carl.get("/desk/"))[0])
    assert _case(desk, declined).status is CaseStatus.DECLINED

    # not for another event; an empty record is refused, with the text kept.
    answer = carl.post("/desk/incident", {"event_id": str(desk.events["edit-a-thon"]),
                                          "nature": "Elsewhere.", "token": "t-3"})
    assert answer.status_code == 403
    assert refusals(answer) == [(translate("web-incident-not-your-event", "en"), "R-8.1")]
    assert "Elsewhere." in answer.get_data(as_text=True)
    answer = carl.post("/desk/incident", {"event_id": str(desk.events["meetup"]),
                                          "nature": " ", "persons_involved": "Kept names",
                                          "token": "t-4"})
    assert answer.status_code == 400 and "Kept names" in answer.get_data(as_text=True)
    with desk.core.database.transaction() as session:
        actions = set(session.scalars(select(AuditRecord.action)))
    assert "incident-copies-read" in actions
    raw = desk.raw_database()
    if raw is not None:  # the record and its copies are sealed
        for planted in ("planted-91c2", "Photographer Piet", "Mia herself", "Kept names"):
            assert planted.encode() not in raw, planted
