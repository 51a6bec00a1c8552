"""Declining evidently unfounded or bad-faith reports: R-9.1 and R-9.2.

R-9.1: the director and the board member BVR decide together: two different people, neither
directly involved in the report. If either of them is directly involved, the board decides
instead. The board decides as a body (`bvr.rules.board`): its quorum of uninvolved members,
by default a majority and never fewer than two, so the board's route is never weaker than the
four eyes of the normal route.

R-9.2: during an event the contact person decides, preferably after consulting a second person
(a staff member or board member). Deciding alone is allowed, but flagged so the director sees it
when the incident record reaches them (R-8.6).

When the board decides, its members do not open the case file (R-15.2: the board opens only
appeal cases it hears). So the uninvolved officer who handles the case and holds its key
proposes the decline, with the reasoning in the file (`may_propose_decline`); the board members
then record the board's decision on the case number alone, without the file. A proposer who is
a board member (the board member BVR handling a case against the director) counts as one of
the board members.

"Directly involved" is personal here, as in the text: a party in the case, or a declared
conflict or close relationship. (Staff involvement moves the handling under R-10.1, but not this
decision.)
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from bvr.domain import DecisionBody, Role
from bvr.i18n import Message
from bvr.rules import board
from bvr.rules.facts import Actor, CaseFacts, Officers
from bvr.rules.handling import may_handle
from bvr.rules.verdict import ALLOWED, Verdict, refuse

#: R-9.2: the second person at an event is a staff member or a board member, not another
#: contact person (two contact persons together are still the contact persons deciding alone).
SECOND_PERSON_ROLES = (Role.STAFF, Role.DIRECTOR, Role.BOARD, Role.BOARD_BVR)

#: The fewest uninvolved board members who record a board decision to decline (R-2.1).
BOARD_APPROVALS = board.MINIMUM

#: Shown with an allowed decline by a contact person who decided alone (R-9.2).
ALONE_NOTICE = Message("rules-decline-alone")


@dataclass(frozen=True)
class DeclineStatus:
    """Where a decline decision stands.

    `verdict` is allowed once enough of the right people agreed. `still_needed` names the
    roles of whoever still has to agree (a board member for the board). `notice` is set when the
    decision stands but deserves attention (R-9.2, decided alone).
    """

    verdict: Verdict
    body: DecisionBody
    still_needed: frozenset[Role] = frozenset()
    notice: Message | None = None


def _personally_involved(role: Role, case: CaseFacts, officers: Officers) -> bool:
    return any(case.is_disqualified(pid) for pid in officers.holders(role))


def decline_body(case: CaseFacts, officers: Officers, *, at_event: bool = False) -> DecisionBody:
    """Who decides to decline: the contact person on site (R-9.2), else R-9.1's pair or board."""
    if at_event:
        return DecisionBody.CONTACT_PERSON
    if _personally_involved(Role.DIRECTOR, case, officers) or _personally_involved(
        Role.BOARD_BVR, case, officers
    ):
        return DecisionBody.BOARD
    return DecisionBody.DIRECTOR_OR_BOARD_BVR


def may_approve_decline(
    actor: Actor, case: CaseFacts, officers: Officers, *, at_event: bool = False
) -> Verdict:
    """Whether `actor`'s agreement counts towards declining the report."""
    rule = "R-9.2" if at_event else "R-9.1"
    if case.is_disqualified(actor.person_id):
        return refuse(rule, "rules-decline-involved")
    body = decline_body(case, officers, at_event=at_event)
    if body is DecisionBody.CONTACT_PERSON and not actor.has(Role.CONTACT_PERSON,
                                                             *SECOND_PERSON_ROLES):
        return refuse(rule, "rules-decline-not-at-event")
    if body is DecisionBody.BOARD and not actor.on_board:
        return refuse(rule, "rules-decline-board-decides")
    if body is DecisionBody.DIRECTOR_OR_BOARD_BVR and not actor.has(Role.DIRECTOR,
                                                                     Role.BOARD_BVR):
        return refuse(rule, "rules-decline-not-director-or-bvr")
    return ALLOWED


def may_propose_decline(
    actor: Actor, case: CaseFacts, officers: Officers, *, at_event: bool = False
) -> Verdict:
    """R-9.1, R-15.2: whether `actor`, who has the file open, may put a decline to its deciders.

    Where the director and the board member BVR decide (or the contact person on site), proposing
    is agreeing: the same as `may_approve_decline`. Where the board decides, the uninvolved person
    handling the case (R-10.1) proposes it to the board even if not a board member themselves
    (their agreement then does not count towards the board's two).
    """
    allowed = may_approve_decline(actor, case, officers, at_event=at_event)
    if allowed or decline_body(case, officers, at_event=at_event) is not DecisionBody.BOARD:
        return allowed
    if case.is_disqualified(actor.person_id):
        return allowed
    if may_handle(actor, case, officers):
        return ALLOWED
    return allowed


def may_record_board_decision(actor: Actor) -> Verdict:
    """R-9.1: only board members record the board's decision to decline (and see what awaits
    it: case numbers and the state of the decision, never the file, R-15.2)."""
    if actor.on_board:
        return ALLOWED
    return refuse("R-9.1", "rules-decline-board-members-only")


def decline_status(
    approvers: Collection[Actor],
    case: CaseFacts,
    officers: Officers,
    *,
    at_event: bool = False,
    board_quorum: int = 0,
) -> DeclineStatus:
    """R-9.1, R-9.2: whether the people in `approvers` together decline the report.

    Where the board decides, its quorum (`board.quorum`, `board_quorum` as configured) of
    uninvolved members must agree.

    Approvals that do not count (someone involved, the wrong role) are ignored, and a person
    counts once however many roles they hold or times they agreed.
    """
    body = decline_body(case, officers, at_event=at_event)
    valid = {a.person_id: a for a in approvers
             if may_approve_decline(a, case, officers, at_event=at_event)}
    people = list(valid.values())

    if body is DecisionBody.CONTACT_PERSON:
        contacts = [a for a in people if a.has(Role.CONTACT_PERSON)]
        if not contacts:
            return DeclineStatus(refuse("R-9.2", "rules-decline-needs-contact-person"), body,
                                 frozenset({Role.CONTACT_PERSON}))
        alone = not any(a.has(*SECOND_PERSON_ROLES) and any(c.person_id != a.person_id
                                                            for c in contacts)
                        for a in people)
        return DeclineStatus(ALLOWED, body, notice=ALONE_NOTICE if alone else None)

    if body is DecisionBody.BOARD:
        needed = board_needed(case, officers, board_quorum)
        if len(people) >= needed:
            return DeclineStatus(ALLOWED, body)
        return DeclineStatus(refuse("R-9.1", "rules-decline-needs-board",
                                    num=needed - len(people)),
                             body, frozenset({Role.BOARD}))

    # The director and the board member BVR: two different people.
    directors = {a.person_id for a in people if a.has(Role.DIRECTOR)}
    bvrs = {a.person_id for a in people if a.has(Role.BOARD_BVR)}
    if any(d != b for d in directors for b in bvrs):
        return DeclineStatus(ALLOWED, body)
    missing = {role for role, ids in ((Role.DIRECTOR, directors), (Role.BOARD_BVR, bvrs))
               if not ids}
    if not missing:
        # One person holding both roles agreed: either other role-holder completes it.
        missing = {Role.DIRECTOR, Role.BOARD_BVR}
    return DeclineStatus(refuse("R-9.1", "rules-decline-needs-director-and-bvr"), body,
                         frozenset(missing))


def board_needed(case: CaseFacts, officers: Officers, board_quorum: int = 0) -> int:
    """R-9.1 with R-2.1: how many uninvolved board members decide a decline for the board."""
    return board.quorum(len(board.uninvolved_members(case, officers)), board_quorum)
