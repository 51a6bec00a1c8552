"""Who may open what: R-15.2, R-15.3, R-14.3, and who may enter a report (R-7.2, R-8.1, R-5).

- R-15.2: only the director and the responsible board member open case files; the board and the
  appeals committee only for an appeal they handle.
- R-14.3: the board member BVR sees all case files.
- R-15.3: the list of people with a sanction in force is visible to contact persons, staff
  (the director is staff) and the board member BVR.
- The confidant takes reports and questions in confidence (R-2.1, R-7.2) but opens no case
  files. Entering a report needs no access to the file: the vault lets anyone with a public key
  add to a case without being able to read it.

Decided where the text is silent, in the spirit of R-10.1 and R-13.1 (maximum restraint):
- Nobody opens a file of a case they are a party in or declared a conflict in, whatever role
  they hold: the board member BVR who is the respondent does not read the case against them.
- The director does not open a file that R-10.1 took away from them (because the director or
  a staff member is involved); the board member BVR handles it.
- When R-10.1 gives the case to the board (both the director's side and the board member BVR
  involved), the uninvolved board members open it: they are the responsible body.
"""

from __future__ import annotations

from bvr.domain import DecisionBody, Role
from bvr.rules.facts import Actor, CaseFacts, Officers
from bvr.rules.handling import responsible_role
from bvr.rules.verdict import ALLOWED, Verdict, refuse

#: R-15.3: who may see the list of sanctions in force.
SANCTIONS_REGISTER_ROLES = frozenset({Role.CONTACT_PERSON, Role.STAFF, Role.DIRECTOR,
                                      Role.BOARD_BVR})

#: R-7.2, R-8.1, R-5: who may enter a report on someone's behalf, or open one ex officio.
REPORT_ENTRY_ROLES = frozenset({Role.CONTACT_PERSON, Role.STAFF, Role.DIRECTOR, Role.BOARD,
                                Role.BOARD_BVR, Role.CONFIDANT})


def case_key_roles(case: CaseFacts, officers: Officers) -> frozenset[Role]:
    """The roles whose holders may open this case file now (before excluding the involved)."""
    roles = {Role.BOARD_BVR}
    handler = responsible_role(case, officers)
    if handler is Role.DIRECTOR:
        roles.add(Role.DIRECTOR)
    if handler is Role.BOARD or case.appeal_heard_by is DecisionBody.BOARD:
        roles.add(Role.BOARD)
    if case.appeal_heard_by is DecisionBody.APPEALS_COMMITTEE:
        roles.add(Role.APPEALS_COMMITTEE)
    return frozenset(roles)


def _opens_as(actor: Actor, roles: frozenset[Role]) -> bool:
    if Role.BOARD in roles and actor.on_board:
        return True
    return actor.has(*roles)


def may_open_case_file(actor: Actor, case: CaseFacts, officers: Officers) -> Verdict:
    """R-15.2, R-14.3: whether `actor` may open (decrypt and read) this case file."""
    if case.is_disqualified(actor.person_id):
        return refuse("R-15.2", "rules-access-involved")
    if _opens_as(actor, case_key_roles(case, officers)):
        return ALLOWED
    if actor.has(Role.DIRECTOR):
        return refuse("R-10.1", "rules-access-director-stepped-aside")
    if actor.has(Role.BOARD, Role.APPEALS_COMMITTEE):
        return refuse("R-15.2", "rules-access-appeal-only")
    if actor.has(Role.CONFIDANT):
        return refuse("R-15.2", "rules-access-confidant")
    return refuse("R-15.2", "rules-access-not-allowed")


def case_key_holders(case: CaseFacts, officers: Officers) -> frozenset[int]:
    """Person ids the case's data key must be wrapped to now (used by the vault).

    Re-run whenever roles, conflicts, parties or the appeal change, and rewrap: someone who
    dropped out of this set must lose their wrapped key.
    """
    return frozenset(a.person_id for a in officers.actors
                     if may_open_case_file(a, case, officers))


def may_see_sanctions_register(actor: Actor) -> Verdict:
    """R-15.3: whether `actor` may see the list of people with a sanction in force."""
    if actor.has(*SANCTIONS_REGISTER_ROLES):
        return ALLOWED
    return refuse("R-15.3", "rules-access-register")


def sanctions_register_holders(officers: Officers) -> frozenset[int]:
    """Person ids the register's data key must be wrapped to (R-15.3)."""
    return officers.holders(*SANCTIONS_REGISTER_ROLES)


def may_enter_report(actor: Actor) -> Verdict:
    """R-7.2, R-8.1, R-5: whether `actor` may enter a report for someone, or open one ex officio.

    Writing into a case needs only its public keys, so this grants no reading.
    """
    if actor.has(*REPORT_ENTRY_ROLES):
        return ALLOWED
    return refuse("R-7.2", "rules-access-enter-report")
