"""Who may open what: R-15.2, R-15.3, R-14.3, and who may enter a report (R-7.2, R-8.1, R-5).

One function per kind of record says who may read it now (`case_readers`, `channel_readers`,
`incident_readers`, `register_entry_readers`, `screening_run_readers`,
`screening_note_readers`); the vault wraps keys to exactly that set (`bvr.services.keyring`),
and the desk's "may I" checks call the same `may_...` functions the sets are built from.

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
- R-10.1 with R-10.3: someone the investigation is delegated to (the confidant, another person)
  opens the file while the delegation lasts; it never brings the file back to the director or
  staff when R-10.1 took it from them.
- R-11.3 with R-10.3 and R-13.4: while the board must decide a sanction (d)-(f), its uninvolved
  members open the file (the report "goes to whoever may impose the sanction").
- R-8.5, R-8.6: an on-site incident record is read by the contact persons of its event (their
  own copy) and, as a case file, by its readers; a contact person who is a party never.
- R-15.3: a register entry is not read by anyone who is involved in the case it came from.
- Only those who could be handed a file declare a conflict on it (`may_declare_conflict`).
"""

from __future__ import annotations

from bvr.domain import DecisionBody, Role
from bvr.rules.facts import Actor, CaseFacts, Officers
from bvr.rules.handling import director_side_involved, responsible_role
from bvr.rules.verdict import ALLOWED, Verdict, refuse

#: R-15.3: who may see the list of sanctions in force.
SANCTIONS_REGISTER_ROLES = frozenset({Role.CONTACT_PERSON, Role.STAFF, Role.DIRECTOR,
                                      Role.BOARD_BVR})

#: R-7.2, R-8.1, R-5: who may enter a report on someone's behalf, or open one ex officio.
REPORT_ENTRY_ROLES = frozenset({Role.CONTACT_PERSON, Role.STAFF, Role.DIRECTOR, Role.BOARD,
                                Role.BOARD_BVR, Role.CONFIDANT})

#: ARCHITECTURE.md, R-6.2: who reads screening runs and notes (they decide on measures).
SCREENING_ROLES = frozenset({Role.DIRECTOR, Role.BOARD_BVR})

#: R-15.2, R-10.1, R-16.2: the roles whose holders can be handed a case file: the handlers,
#: the board and the appeals committee (for an appeal or a sanction (d)-(f)), the confidant
#: (delegation).
FILE_ROLES = frozenset({Role.DIRECTOR, Role.BOARD_BVR, Role.BOARD, Role.APPEALS_COMMITTEE,
                        Role.CONFIDANT})
#: R-10.1: who declares a conflict on a file: those, and staff, to whom the director may
#: delegate an investigation. Not a contact person, who is never handed a file.
DECLARING_ROLES = FILE_ROLES | {Role.STAFF}


def case_key_roles(case: CaseFacts, officers: Officers) -> frozenset[Role]:
    """The roles whose holders may open this case file now (before excluding the involved)."""
    roles = {Role.BOARD_BVR}
    handler = responsible_role(case, officers)
    if handler is Role.DIRECTOR:
        roles.add(Role.DIRECTOR)
    if (handler is Role.BOARD or case.appeal_heard_by is DecisionBody.BOARD
            or case.board_deciding):  # the board decides (d)-(f)
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
    if actor.person_id in case.delegates and not _delegation_blocked(actor, case, officers):
        return ALLOWED  # the investigation was delegated to them
    if actor.has(Role.DIRECTOR):
        return refuse("R-10.1", "rules-access-director-stepped-aside")
    if actor.has(Role.BOARD, Role.APPEALS_COMMITTEE):
        return refuse("R-15.2", "rules-access-appeal-only")
    if actor.has(Role.CONFIDANT):
        return refuse("R-15.2", "rules-access-confidant")
    return refuse("R-15.2", "rules-access-not-allowed")


def _delegation_blocked(actor: Actor, case: CaseFacts, officers: Officers) -> bool:
    # a file taken from the director's side does not come back to it by delegation.
    return director_side_involved(case, officers) and actor.has(Role.DIRECTOR, Role.STAFF)


def _everyone(case: CaseFacts, officers: Officers) -> list[Actor]:
    """The officers, and the delegates who hold no role (an external investigator)."""
    known = {a.person_id for a in officers.actors}
    return [*officers.actors, *(Actor(pid) for pid in case.delegates if pid not in known)]


def case_readers(case: CaseFacts, officers: Officers) -> frozenset[int]:
    """R-15.2, R-14.3, R-10.1, R-11.3, R-16.2: person ids who may read this case file now.

    The vault wraps the case's data key to exactly these people: re-run whenever roles,
    conflicts, parties, a delegation, a board decision or an appeal change.
    """
    return frozenset(a.person_id for a in _everyone(case, officers)
                     if may_open_case_file(a, case, officers))


#: The name used before there was one function per record kind.
case_key_holders = case_readers


def channel_readers(case: CaseFacts, officers: Officers) -> frozenset[int]:
    """R-7.3, R-15.2: who may read what the reporter wrote through their channel: it belongs to
    the case file, so exactly the case's readers."""
    return case_readers(case, officers)


def may_read_incident_record(actor: Actor, case: CaseFacts, event_contacts: frozenset[int],
                             officers: Officers) -> Verdict:
    """R-8.5, R-8.6: an on-site record is read by a contact person of its event (their copy)
    and by the case's readers; never by a party or someone who declared a conflict."""
    if case.is_disqualified(actor.person_id):
        return refuse("R-15.2", "rules-access-involved")
    if actor.has(Role.CONTACT_PERSON) and actor.person_id in event_contacts:
        return ALLOWED
    return may_open_case_file(actor, case, officers)


def incident_readers(case: CaseFacts, event_contacts: frozenset[int],
                     officers: Officers) -> frozenset[int]:
    """R-8.5: who holds a copy of an on-site record: the event's contact persons who may read
    it (the case's readers read it in the case file instead)."""
    return frozenset(a.person_id for a in officers.actors
                     if a.person_id in event_contacts and a.has(Role.CONTACT_PERSON)
                     and may_read_incident_record(a, case, event_contacts, officers))


def may_see_sanctions_register(actor: Actor) -> Verdict:
    """R-15.3: whether `actor` may see the list of people with a sanction in force."""
    if actor.has(*SANCTIONS_REGISTER_ROLES):
        return ALLOWED
    return refuse("R-15.3", "rules-access-register")


def sanctions_register_holders(officers: Officers) -> frozenset[int]:
    """Person ids of the register's audience (R-15.3), before leaving out the involved."""
    return officers.holders(*SANCTIONS_REGISTER_ROLES)


def may_read_register_entry(actor: Actor, case: CaseFacts) -> Verdict:
    """R-15.3, R-15.2: the audience reads an entry, except who is involved in its case (the
    sanctioned contact person does not read the entry about themselves)."""
    if case.is_disqualified(actor.person_id):
        return refuse("R-15.2", "rules-access-involved")
    return may_see_sanctions_register(actor)


def register_entry_readers(case: CaseFacts, officers: Officers) -> frozenset[int]:
    """R-15.3: who may read the register entry of a sanction imposed in `case` now."""
    return frozenset(a.person_id for a in officers.actors if may_read_register_entry(a, case))


def may_read_screening(actor: Actor, subjects: frozenset[int] = frozenset()) -> Verdict:
    """R-6.2: the director and the board member BVR read screening runs and notes; nobody
    reads a note about themselves (`subjects`: the officers a note is about)."""
    if actor.person_id in subjects:
        return refuse("R-15.2", "rules-access-involved")
    if actor.has(*SCREENING_ROLES):
        return ALLOWED
    return refuse("R-6.2", "rules-access-screening")


def screening_run_readers(officers: Officers) -> frozenset[int]:
    """R-6.2: who may read a stored screening run."""
    return frozenset(a.person_id for a in officers.actors if may_read_screening(a))


def screening_note_readers(officers: Officers, subjects: frozenset[int]) -> frozenset[int]:
    """R-6.1(b), R-6.2: who may read a note on behaviour elsewhere about `subjects`."""
    return frozenset(a.person_id for a in officers.actors if may_read_screening(a, subjects))


def may_declare_conflict(actor: Actor, case: CaseFacts) -> Verdict:
    """R-10.1, R-11.4: only someone who could otherwise be handed the file declares (no)
    conflict on it; a declaration by anyone else would only put their name on a file they have
    nothing to do with."""
    if actor.has(*DECLARING_ROLES) or actor.person_id in case.delegates:
        return ALLOWED
    return refuse("R-10.1", "rules-access-conflict-not-concerned")


def may_enter_report(actor: Actor) -> Verdict:
    """R-7.2, R-8.1, R-5: whether `actor` may enter a report for someone, or open one ex officio.

    Writing into a case needs only its public keys, so this grants no reading.
    """
    if actor.has(*REPORT_ENTRY_ROLES):
        return ALLOWED
    return refuse("R-7.2", "rules-access-enter-report")
