"""What is weighed in deciding a sanction: R-11.5.

"Bij het bepalen van sancties wordt in overweging genomen:
 - de aard en ernst van de overtreding;
 - eventuele voorgeschiedenis, ook op Wikimediaprojecten buiten het directe WMNL domein;
 - de rol en verantwoordelijkheden/bevoegdheden van de persoon die het BVR heeft overtreden,
   waarbij overtredingen door bestuurders, medewerkers en gekozen functionarissen zwaar zullen
   wegen;
 - eventuele persoonlijke of sociale factoren die invloed kunnen hebben (gehad) op het gedrag."

All four are asked for: a decision that leaves one out is refused, each with its own message,
so the person deciding knows which. "None known" is an answer; an empty field is not.

The offender's role is not left to the decider's memory: the register knows who is on the board
(board, board member BVR), on the staff (director, staff) and who holds an office the general
members' meeting elects (the appeals committee, R-2.1). The decider adds an elected office the
register does not hold (for example on a Wikimedia project). When the offender holds such a
role, the decision records that the role weighed heavier; without that it is refused.

On-site measures during an event (R-8.4, by a contact person) are taken at once, not after an
investigation: there only the nature and severity are asked for. The full considerations are
weighed when the director or the board member BVR confirms the measure (R-11.3 note 3).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

from bvr.domain import Role
from bvr.rules.verdict import ALLOWED, Verdict, refuse


class Position(StrEnum):
    """R-11.5: the offender's positions whose violations weigh heavier."""

    BOARD = "board"  # bestuurders
    STAFF = "staff"  # medewerkers
    ELECTED_OFFICER = "elected_officer"  # gekozen functionarissen


#: Registered roles and the position each one is (R-2.1). The confidant and the contact
#: persons are appointed, not elected, and the text does not name them.
POSITION_OF_ROLE: dict[Role, Position] = {
    Role.BOARD: Position.BOARD,
    Role.BOARD_BVR: Position.BOARD,
    Role.DIRECTOR: Position.STAFF,
    Role.STAFF: Position.STAFF,
    Role.APPEALS_COMMITTEE: Position.ELECTED_OFFICER,  # set up by the ALV
}


@dataclass(frozen=True)
class Considerations:
    """R-11.5: what was weighed in deciding a sanction, kept (encrypted) in the file."""

    nature_and_severity: str = ""
    history: str = ""  # also on other Wikimedia projects
    role_of_respondent: str = ""  # board, staff and elected officials weigh heavier
    personal_factors: str = ""  # personal or social factors
    # An elected office the register does not know (e.g. on a Wikimedia project).
    elected_officer: bool = False
    # The decider confirms that the offender's board, staff or elected position weighed heavier.
    role_weighed_heavier: bool = False


#: The four considerations, in the text's order, with the message that asks for each.
_ASKED = (
    ("nature_and_severity", "rules-considerations-nature"),
    ("history", "rules-considerations-history"),
    ("role_of_respondent", "rules-considerations-role"),
    ("personal_factors", "rules-considerations-personal"),
)


def positions(offender_roles: Collection[Role], *, elected_officer: bool = False
              ) -> frozenset[Position]:
    """R-11.5: the offender's positions that weigh heavier: from the roles the register gives
    them, plus an elected office the decider declares."""
    found = {POSITION_OF_ROLE[r] for r in offender_roles if r in POSITION_OF_ROLE}
    if elected_officer:
        found.add(Position.ELECTED_OFFICER)
    return frozenset(found)


def check_considerations(considerations: Considerations, offender_roles: Collection[Role],
                         *, on_site: bool = False) -> Verdict:
    """R-11.5: whether a sanction decision records everything the protocol weighs.

    `offender_roles` are the roles the register gives the person the sanction concerns (none
    for someone without an account here). `on_site` is a contact person's measure during an
    event (R-8.4): only the nature and severity are asked for then."""
    asked = _ASKED[:1] if on_site else _ASKED
    for name, reason in asked:
        if not str(getattr(considerations, name)).strip():
            return refuse("R-11.5", reason)
    if on_site:
        return ALLOWED
    if positions(offender_roles, elected_officer=considerations.elected_officer) and (
            not considerations.role_weighed_heavier):
        return refuse("R-11.5", "rules-considerations-role-weighs-heavier")
    return ALLOWED
