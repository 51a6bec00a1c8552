"""What the reporter's channel says after a decision, as the walk-through found it: the status
hint tells the truth about where the outcome is, an appeal asked for on the channel is
acknowledged until the desk records it, and each message from the handler is labelled by what
it is about."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from bvr.domain import Category, PartyRole
from bvr.i18n import translate
from bvr.services import casework, casework_outcome
from bvr.services.core import Core
from bvr.storage.models import Case
from tests.webhook.conftest import DIRECTOR, form_token, unlock
from tests.webhook.public.support import open_channel, page_text, receipt_code, submit


def _decided(client: FlaskClient, core: Core) -> tuple[str, str]:
    """A named reporter's case, taken into handling, decided and announced: (code, number)."""
    code = receipt_code(submit(client, reporter_name="Rosa"))
    with core.database.transaction() as session:
        number = session.scalars(select(Case)).one().address
    key = unlock(core, DIRECTOR)
    casework.triage(core, number, DIRECTOR.username, key, casework.Triage(
        category=Category.HARASSMENT, violation=False, immediate_action=False,
        regular_way=True, take_into_handling=True))
    casework_outcome.decide_without_sanction(core, number, DIRECTOR.username, key,
                                             reasoning="No violation found.")
    casework_outcome.announce_decision(core, number, DIRECTOR.username, key)
    return code, number


def _in(client: FlaskClient, code: str, language: str) -> str:
    """The channel shown in `language`, as the language switch shows it."""
    return page_text(client.post("/channel/language", data={
        "code": code, "language": language, "text": "", "kind": "",
        "csrf_token": form_token(client, "/channel")}))


def test_after_a_decision_the_channel_says_the_handler_will_tell_until_a_message_does(
        client: FlaskClient, web_core: Core) -> None:
    code, number = _decided(client, web_core)
    text = page_text(open_channel(client, code))
    assert "Decided" in text
    # Nothing about the outcome has been sent: the page must not point at the messages.
    assert translate("web-public-status-decided-hint", "en") not in text
    assert translate("web-public-status-decided-pending-hint", "en") in text
    casework.inform_party(web_core, number, DIRECTOR.username, unlock(web_core, DIRECTOR),
                          party_role=PartyRole.REPORTER, topics=("outcome",),
                          text="No violation was found.")
    told = page_text(open_channel(client, code))
    assert translate("web-public-status-decided-hint", "en") in told
    assert translate("web-public-status-decided-pending-hint", "en") not in told


def test_R_16_1_an_appeal_asked_for_on_the_channel_is_acknowledged_and_not_offered_again(
        client: FlaskClient, web_core: Core) -> None:
    code, _ = _decided(client, web_core)
    response = client.post("/channel/write", data={
        "code": code, "kind": "appeal", "text": "I do not agree.",
        "csrf_token": form_token(client, "/channel")})
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert 'id="appeal-offer"' not in body and 'value="appeal"' not in body
    assert 'id="appeal-requested"' in body
    text = page_text(response)
    assert "We have received your request to appeal" in text
    # Coming back later, and in every language, the request stays acknowledged.
    for language in ("nl", "en", "sv"):
        shown = _in(client, code, language)
        assert translate("web-channel-appeal-requested", language,
                         date="2026-03-14").split("2026")[0].strip() in shown, language
        assert translate("web-channel-appeal-open", language,
                         date="2026-05-09").split("2026")[0].strip() not in shown, language


@pytest.mark.parametrize(("topics", "label"), [
    (("process",), "The process"),
    (("process", "investigators", "timeline"), "The process · The investigators · The timeline"),
])
def test_a_message_from_the_handler_is_labelled_by_its_topics(
        client: FlaskClient, web_core: Core, topics: tuple[str, ...], label: str) -> None:
    code = receipt_code(submit(client, reporter_name="Rosa"))
    with web_core.database.transaction() as session:
        number = session.scalars(select(Case)).one().address
    casework.inform_party(web_core, number, DIRECTOR.username, unlock(web_core, DIRECTOR),
                          party_role=PartyRole.REPORTER, topics=topics,
                          text="This is how the procedure goes.")
    text = page_text(open_channel(client, code))
    assert f"From the people handling your report · {label} ·" in text
    assert "More information" not in text.split("Write to the people handling your report")[0]


def test_what_the_reporter_may_receive_reads_as_a_sentence() -> None:
    # The level is a capitalised label of its own: it starts the sentence, not a list after
    # a colon ("They may receive: The report ...").
    for language in ("nl", "en", "sv"):
        level = translate("web-desk-disclosure-redacted-report", language)
        sentence = translate("web-case-channel", language, level=level)
        assert f": {level}" not in sentence, language
        assert f". {level}:" in sentence, language
