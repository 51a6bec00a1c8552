"""Cases in a known state, made through the services (the desk's own actions are tested
through the desk): an ordinary case, appeals before the board and before the appeals
committee, a case against the director, a decline proposed to the board, and an on-site
incident record."""

from __future__ import annotations

from datetime import date

from bvr import vault
from bvr.domain import Category, DecisionBody, PartyRole, SanctionType
from bvr.rules.facts import SanctionTerms
from bvr.services import (
    board,
    casework,
    casework_decline,
    casework_incident,
    casework_outcome,
    decisions,
    people,
)
from bvr.services.core import Core
from tests.considerations import weighed
from tests.webhook.desk.conftest import PASSPHRASE, Desk, respondent


def key(core: Core, name: str) -> vault.UnlockedKey:
    return people.unlock(core, name, PASSPHRASE)


def in_handling(desk: Desk, handler: str = "Dora", offender: str = "Mallory") -> str:
    number = desk.file(parties=(respondent(offender),))
    casework.triage(desk.core, number, handler, key(desk.core, handler), casework.Triage(
        Category.HARASSMENT, violation=True, immediate_action=False, regular_way=True,
        take_into_handling=True))
    return number


def decided(desk: Desk, by: str, body: DecisionBody, sanction: SanctionType,
            offender: str = "Mallory") -> str:
    number = in_handling(desk, offender=offender)
    unlocked = key(desk.core, by)
    terms = SanctionTerms(sanction, date(2026, 3, 14), date(2026, 9, 14))
    considered = weighed("Repeated shouting at a meetup.")
    if body is DecisionBody.BOARD:
        # the board decides as a body: the handler refers, `by` proposes, Bob agrees.
        casework_outcome.refer_to_board(desk.core, number, "Dora", key(desk.core, "Dora"))
        board.propose_sanction(desk.core, number, by, unlocked, terms=terms,
                               respondent=offender, scope="all WMNL events",
                               considerations=considered, reason="Needed.")
        motion = board.motions_of(desk.core, number, by, unlocked)[0].id
        board.vote(desk.core, number, "Bob", key(desk.core, "Bob"), motion_id=motion,
                   in_favour=True, reason="Agreed.")
    else:
        decisions.impose_sanction(
            desk.core, number, by, unlocked, body=body, terms=terms, respondent=offender,
            scope="all WMNL events", considerations=considered)
    casework_outcome.announce_decision(desk.core, number, by, unlocked)
    return number


def appealed(desk: Desk, to_committee: bool = False) -> str:
    """An announced decision under appeal: by the director (to the board, R-16.2), or by the
    board (to the appeals committee)."""
    if to_committee:
        number = decided(desk, "Bea", DecisionBody.BOARD, SanctionType.EXCLUSION, "Mallet")
        by = "Bea"
    else:
        number = decided(desk, "Dora", DecisionBody.DIRECTOR_OR_BOARD_BVR,
                         SanctionType.NO_CONTACT)
        by = "Dora"
    casework_outcome.file_appeal(desk.core, number, by, key(desk.core, by),
                                 appellant_role=PartyRole.RESPONDENT, sanctioned=True)
    return number


def against_director(desk: Desk) -> str:
    """R-10.1: the director is the alleged offender, so the board member BVR handles."""
    return desk.file("The director was rude.", parties=(respondent("Dora"),))


def decline_proposed(desk: Desk, text: str = "A story that cannot be true.") -> str:
    """R-9.1: the board member BVR is the alleged offender, so the board decides whether to
    decline; the director, who handles the case (R-10.1), proposed it."""
    number = desk.file(text, parties=(respondent("Bea"),))
    casework_decline.approve_decline(desk.core, number, "Dora", key(desk.core, "Dora"),
                                     reason="The dates do not add up: made up.")
    return number


def on_site(desk: Desk, by: str = "Carl", event: str = "meetup",
            nature: str = "Participant followed another one around.") -> str:
    return casework_incident.record_incident(desk.core, by, casework_incident.IncidentRecord(
        event_id=desk.events[event], nature=nature, persons_involved="Two participants",
        reported_by="A volunteer at the desk", actions=("heard_respondent", "talk_sufficed"),
        language="en"))
