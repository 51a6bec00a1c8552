"""On-site measures are decisions (issue 12 item 3; R-8.4, R-11.3 note 3, R-16.4), through
the services on SQLite and MariaDB: the contact person's measure is recorded as their decision,
confirmed by the director, shown as unconfirmed until then, and appealed after the event, not
during it. Whether the event runs follows from its dates in the association's time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from bvr.domain import CaseStatus, DecisionBody, EntryKind, PartyRole, SanctionType
from bvr.rules.verdict import RuleRefused
from bvr.services import (
    casefiles,
    casework_desk,
    casework_incident,
    casework_outcome,
    measures,
    people,
    register,
)
from bvr.services.core import Core
from bvr.storage.models import Appeal, Case
from bvr.storage.models_board import OnSiteMeasure
from tests.conftest import FrozenClock
from tests.services.helpers import officers, unlock

CARLA = ("Carla", "carla passphrase 1")


def _on_site(core: Core, actions: tuple[str, ...] = ("heard_respondent",
                                                      "excluded_from_event")) -> str:
    """An incident at an event on 14 and 15 March, recorded by its contact person Carla."""
    officers(core)
    event = register.add_event(core, "Editathon", date(2026, 3, 14), date(2026, 3, 15))
    people.add_person(core, CARLA[0])
    people.set_passphrase(core, *CARLA)
    people.record_training(core, CARLA[0], date(2026, 1, 10))
    register.assign_contact_person(core, CARLA[0], event_id=event)
    return casework_incident.record_incident(core, CARLA[0], casework_incident.IncidentRecord(
        event_id=event, nature="Kept following someone around the venue.",
        persons_involved="two participants", reported_by="a participant", actions=actions,
        respondent_username="Mallory", token="t1"))


def _measures(core: Core, number: str) -> list[OnSiteMeasure]:
    with core.database.transaction() as session:
        return list(session.scalars(select(OnSiteMeasure).join(
            Case, Case.id == OnSiteMeasure.case_id).where(Case.number == number)))


def test_R_8_4_a_measure_on_the_spot_is_recorded_as_the_contact_persons_decision(
        core: Core) -> None:
    # Before: the measure was only words in the incident record.
    number = _on_site(core, ("heard_respondent", "excluded_from_event", "police"))
    found = _measures(core, number)
    assert [m.type for m in found] == [SanctionType.EVENT_EXCLUSION,
                                       SanctionType.REPORT_TO_POLICE]
    with core.database.transaction() as session:
        carla = people.get(session, CARLA[0]).id
    assert {m.decided_by_id for m in found} == {carla}
    assert all(m.confirmed_at is None for m in found)


def test_R_11_3_the_director_confirms_and_the_desk_shows_unconfirmed_until_then(
        core: Core) -> None:
    number = _on_site(core)
    key = unlock(core, "Director")
    page = casework_desk.case_page(core, number, "Director", key)
    assert [(m.type, m.confirmed) for m in page.measures] == [
        (SanctionType.EVENT_EXCLUSION, False)]
    assert "confirm_measures" in {s.key for s in page.steps}  # a step of its own (ADR 0016)
    assert measures.confirm_measures(core, number, "Director", key) == 1
    page = casework_desk.case_page(core, number, "Director", key)
    assert [(m.type, m.confirmed) for m in page.measures] == [
        (SanctionType.EVENT_EXCLUSION, True)]
    with pytest.raises(RuleRefused) as again:
        measures.confirm_measures(core, number, "Director", key)
    assert again.value.verdict.reason == "rules-measure-none-to-confirm"
    decisions = [e.content for e in casefiles.open_case(core, number, "Director", key).entries
                 if e.kind is EntryKind.DECISION]
    assert decisions == [{"on_site_measure": ["event_exclusion"],
                          "body": "contact_person", "confirmed": True}]


def test_R_16_4_no_appeal_during_the_event_a_written_one_afterwards(
        core: Core, clock: FrozenClock) -> None:
    number = _on_site(core)
    key = unlock(core, "Director")

    def appeal() -> str:
        return casework_outcome.file_appeal(core, number, "Director", key,
                                            appellant_role=PartyRole.RESPONDENT,
                                            sanctioned=True)

    # 23:30 on 15 March in Amsterdam (22:30 UTC): the event still runs.
    clock.now = datetime(2026, 3, 15, 22, 30, tzinfo=UTC)
    with pytest.raises(RuleRefused) as during:
        appeal()
    assert (during.value.verdict.rule, during.value.verdict.reason) == (
        "R-16.4", "rules-appeal-during-event")
    for lang in ("nl", "en", "sv"):
        assert during.value.verdict.explain(lang).startswith("R-16.4: ")
    # 00:30 on 16 March in Amsterdam, still the 15th in UTC: the event is over.
    clock.now = datetime(2026, 3, 15, 23, 30, tzinfo=UTC)
    assert appeal() == DecisionBody.DIRECTOR_OR_BOARD_BVR.value
    with core.database.transaction() as session:
        (row,) = session.scalars(select(Appeal))
        assert row.against is DecisionBody.CONTACT_PERSON and row.decided_at is None
        status = session.scalars(select(Case.status).where(Case.number == number)).one()
    assert status is CaseStatus.RECEIVED  # the case is still handled as it was
    # The director decides the appeal: upheld, the measure is withdrawn.
    casework_outcome.decide_appeal(core, number, "Director", key, upheld=True,
                                   reasoning="The exclusion was not needed.")
    page = casework_desk.case_page(core, number, "Director", key)
    assert [(m.type, m.withdrawn) for m in page.measures] == [
        (SanctionType.EVENT_EXCLUSION, True)]
    assert all(a["decided_at"] is not None for a in page.appeals)
