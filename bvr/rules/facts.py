"""Small, frozen facts that the rules reason about.

The storage layer builds these from database rows; the rules never touch the database. They
hold person ids and roles only: no names and no report text, so passing them around reveals
nothing about a case.

- `Actor`: someone acting through the system (R-2.1: a person with an account and roles).
- `CaseFacts`: who is involved in one case and how (R-10.1, R-11.4), whether it arose during an
  event (R-8, R-9.2, R-16.4), and which body hears an appeal on it right now (R-15.2).
- `SanctionTerms`: what a sanction says (R-11.1, R-11.2), enough to check it and to know when
  it is in force and when it ends (R-15.3, R-15.4).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from bvr.domain import Category, DecisionBody, PartyRole, Role, SanctionType

#: The board member BVR is a member of the board, and acts with the board when it decides.
BOARD_ROLES = frozenset({Role.BOARD, Role.BOARD_BVR})


@dataclass(frozen=True)
class Actor:
    """A person acting through the system, with the roles they hold now."""

    person_id: int
    roles: frozenset[Role] = frozenset()

    def has(self, *roles: Role) -> bool:
        """Whether this person holds at least one of `roles`."""
        return not self.roles.isdisjoint(roles)

    @property
    def on_board(self) -> bool:
        return self.has(*BOARD_ROLES)


@dataclass(frozen=True)
class Involvement:
    """A person with an account (an officer, a volunteer) who is a party in a case."""

    person_id: int
    party_role: PartyRole


@dataclass(frozen=True)
class CaseFacts:
    """What the rules need to know about one case.

    `involved` lists only the parties that are people with an account: the others cannot act in
    the system, so they cannot be in a conflict of interest here. `conflicts` holds the person
    ids that declared a conflict of interest or a close (personal) relationship with a party
    (R-10.1, R-11.4).
    """

    involved: frozenset[Involvement] = frozenset()
    conflicts: frozenset[int] = frozenset()
    during_event: bool = False  # the case arose during an event or activity
    appeal_heard_by: DecisionBody | None = None  # the body handling an appeal now
    category: Category | None = None  # set at triage; for bad-faith reports
    # people the investigation is delegated to now (the confidant, another person).
    delegates: frozenset[int] = frozenset()
    # the case was put before the board to decide a sanction (d)-(f), not yet decided.
    board_deciding: bool = False

    @classmethod
    def build(
        cls,
        involved: Iterable[tuple[int, PartyRole]] = (),
        conflicts: Iterable[int] = (),
        *,
        during_event: bool = False,
        appeal_heard_by: DecisionBody | None = None,
        category: Category | None = None,
        delegates: Iterable[int] = (),
        board_deciding: bool = False,
    ) -> CaseFacts:
        """Convenience constructor from plain pairs of (person id, party role)."""
        return cls(
            frozenset(Involvement(pid, role) for pid, role in involved),
            frozenset(conflicts),
            during_event,
            appeal_heard_by,
            category,
            frozenset(delegates),
            board_deciding,
        )

    def party_roles_of(self, person_id: int) -> frozenset[PartyRole]:
        return frozenset(i.party_role for i in self.involved if i.person_id == person_id)

    def is_party(self, person_id: int) -> bool:
        return any(i.person_id == person_id for i in self.involved)

    def is_disqualified(self, person_id: int) -> bool:
        """Directly involved in any way, or declared a conflict or a close relationship.

        Any party role counts, a witness's too: nobody investigates or judges an incident
        they are a part of (R-10.1, R-11.4).
        """
        return self.is_party(person_id) or person_id in self.conflicts


@dataclass(frozen=True)
class SanctionTerms:
    """What a sanction says (R-11.1, R-11.2).

    Dates are calendar days in the association's time zone. `ends_on` is the expiry date: the
    first day on which the sanction no longer applies (so a one-day exclusion on 3 May has
    `starts_on=3 May, ends_on=4 May`). `None` means indefinite, or for one-off sanctions
    (a warning, a report to WMF or the police) simply no end.
    """

    type: SanctionType
    starts_on: date
    ends_on: date | None = None
    justification: str = ""  # required for "other"
    covers_alv: bool = False  # R-11.1(d): an exclusion that would include the ALV
    against_member: bool = False  # the sanctioned person is a member of the association
    alv_reason: str = ""  # R-11.1(d): why an exclusion includes the ALV after all


@dataclass(frozen=True)
class Officers:
    """Everyone who currently holds a role, so rules can tell who the director is."""

    actors: frozenset[Actor] = field(default_factory=frozenset)

    @classmethod
    def of(cls, *actors: Actor) -> Officers:
        return cls(frozenset(actors))

    def holders(self, *roles: Role) -> frozenset[int]:
        """Person ids of everyone holding at least one of `roles`."""
        return frozenset(a.person_id for a in self.actors if a.has(*roles))
