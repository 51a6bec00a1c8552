"""Who handles, investigates and decides a case: R-10.1 and R-11.4.

R-10.1: the director is responsible for a case, unless the director or staff are involved as
reporter or alleged offender: then the board member BVR is. When both sides are involved (the
director or staff, and the board member BVR), neither can be: the board takes the case. The
responsible person may delegate the investigation to a third party (the confidant, an external
party, or another uninvolved person). Nobody directly involved in the incident or closely
related to a party ever investigates.

R-11.4: people directly involved or with a personal relationship to a party take no part in
deciding sanctions.

"Involved" for a person means: a party in any role (a witness too), or a declared conflict of
interest or close relationship (`CaseFacts.is_disqualified`).
"""

from __future__ import annotations

from collections.abc import Collection

from bvr.domain import PartyRole, Role
from bvr.rules.facts import Actor, CaseFacts, Officers
from bvr.rules.verdict import ALLOWED, Verdict, refuse

#: Party roles of a staff member that move a case away from the director (R-10.1). The text
#: names reporter and alleged offender; a staff member who is the victim is at least as close
#: to the case as one who reported it, so the director, as their employer, steps aside then too.
STAFF_INVOLVEMENT = frozenset({PartyRole.REPORTER, PartyRole.RESPONDENT, PartyRole.VICTIM})

# Message keys telling who is responsible, one per role so each reads naturally.
_NOT_RESPONSIBLE = {
    Role.DIRECTOR: "rules-handle-director-responsible",
    Role.BOARD_BVR: "rules-handle-board-bvr-responsible",
    Role.BOARD: "rules-handle-board-responsible",
}


def director_side_involved(case: CaseFacts, officers: Officers) -> bool:
    """Whether the director is involved, or a staff member is a reporter, respondent or victim."""
    if any(case.is_disqualified(pid) for pid in officers.holders(Role.DIRECTOR)):
        return True
    staff = officers.holders(Role.STAFF, Role.DIRECTOR)
    return any(i.person_id in staff and i.party_role in STAFF_INVOLVEMENT for i in case.involved)


def board_bvr_involved(case: CaseFacts, officers: Officers) -> bool:
    return any(case.is_disqualified(pid) for pid in officers.holders(Role.BOARD_BVR))


def responsible_role(case: CaseFacts, officers: Officers) -> Role:
    """R-10.1: the role responsible for handling `case`: director, board member BVR or board."""
    if not director_side_involved(case, officers):
        return Role.DIRECTOR
    if not board_bvr_involved(case, officers):
        return Role.BOARD_BVR
    return Role.BOARD


def _holds(actor: Actor, role: Role) -> bool:
    # Any board member can act for the board; the board member BVR is one of them.
    return actor.on_board if role is Role.BOARD else actor.has(role)


def may_handle(actor: Actor, case: CaseFacts, officers: Officers) -> Verdict:
    """R-10.1: whether `actor` may take responsibility for handling `case`."""
    if case.is_disqualified(actor.person_id):
        return refuse("R-10.1", "rules-handle-involved")
    role = responsible_role(case, officers)
    if not _holds(actor, role):
        return refuse("R-10.1", _NOT_RESPONSIBLE[role])
    return ALLOWED


def may_delegate_investigation(
    delegator: Actor, delegate: Actor, case: CaseFacts, officers: Officers
) -> Verdict:
    """R-10.1: whether `delegator` may hand the investigation of `case` to `delegate`.

    The delegate is a third party: the confidant, an external investigator (an account with no
    role), or another uninvolved person. When the case left the director because the director
    or staff are involved, it must not come back to them through delegation.
    """
    allowed = may_handle(delegator, case, officers)
    if not allowed:
        return allowed
    if delegate.person_id == delegator.person_id:
        return refuse("R-10.1", "rules-delegate-self")
    if case.is_disqualified(delegate.person_id):
        return refuse("R-10.1", "rules-investigate-involved")
    if responsible_role(case, officers) is not Role.DIRECTOR and delegate.has(
        Role.DIRECTOR, Role.STAFF
    ):
        return refuse("R-10.1", "rules-delegate-staff")
    return ALLOWED


def may_investigate(
    actor: Actor, case: CaseFacts, officers: Officers, delegates: Collection[int] = ()
) -> Verdict:
    """R-10.1: whether `actor` may investigate `case`.

    The responsible person may, and so may anyone the investigation was delegated to
    (`delegates`: person ids). Someone involved never may, delegated or not: a conflict
    declared after the delegation still stops them.
    """
    if case.is_disqualified(actor.person_id):
        return refuse("R-10.1", "rules-investigate-involved")
    if actor.person_id in delegates:
        return ALLOWED
    if may_handle(actor, case, officers):
        return ALLOWED
    return refuse("R-10.1", "rules-investigate-not-assigned")


def may_take_part_in_deciding(actor: Actor, case: CaseFacts) -> Verdict:
    """R-11.4: nobody directly involved or with a personal relationship to a party decides."""
    if case.is_disqualified(actor.person_id):
        return refuse("R-11.4", "rules-decide-involved")
    return ALLOWED
