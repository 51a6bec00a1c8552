"""What someone may learn of a case's outcome: R-13.1 to R-13.4.

- R-13.1: maximum restraint: anyone not named below learns nothing.
- R-13.2: the alleged offender and the alleged victim receive the final report as fully as
  possible, with the sanctions; parts may be anonymised or left out.
- R-13.3: a reporter who is not the victim hears only the outline of the outcome.
- R-13.4: the full report is for those who decide on the case, and in an appeal for the appeal
  body handling it.

A person with several relations gets the most that any of them allows: a reporter who is also
the victim gets the victim's (redacted) report.
"""

from __future__ import annotations

from collections.abc import Collection
from enum import StrEnum

from bvr.domain import Disclosure, PartyRole


class Relation(StrEnum):
    """How a person stands to a case, for disclosure."""

    RESPONDENT = "respondent"
    VICTIM = "victim"
    REPORTER_NOT_VICTIM = "reporter_not_victim"
    DECIDER = "decider"  # may decide on the case
    APPEAL_BODY = "appeal_body"  # member of the body handling an appeal on it
    OTHER = "other"  # witnesses, other staff, anyone else


DISCLOSURE: dict[Relation, Disclosure] = {
    Relation.RESPONDENT: Disclosure.REDACTED_REPORT,
    Relation.VICTIM: Disclosure.REDACTED_REPORT,
    Relation.REPORTER_NOT_VICTIM: Disclosure.OUTLINE,
    Relation.DECIDER: Disclosure.FULL_REPORT,
    Relation.APPEAL_BODY: Disclosure.FULL_REPORT,
    Relation.OTHER: Disclosure.NOTHING,
}

# From least to most, to pick the most generous of several relations.
_ORDER = (Disclosure.NOTHING, Disclosure.OUTLINE, Disclosure.REDACTED_REPORT,
          Disclosure.FULL_REPORT)


def relations_of_party(party_roles: Collection[PartyRole]) -> frozenset[Relation]:
    """The disclosure relations that follow from someone's party roles in a case."""
    relations = set()
    if PartyRole.RESPONDENT in party_roles:
        relations.add(Relation.RESPONDENT)
    if PartyRole.VICTIM in party_roles:
        relations.add(Relation.VICTIM)
    elif PartyRole.REPORTER in party_roles:
        relations.add(Relation.REPORTER_NOT_VICTIM)
    return frozenset(relations or {Relation.OTHER})


def disclosure_for(relations: Relation | Collection[Relation]) -> Disclosure:
    """R-13.2 to R-13.4: how much a person with these relations to the case may see."""
    if isinstance(relations, Relation):
        return DISCLOSURE[relations]
    levels = [DISCLOSURE[r] for r in relations] or [Disclosure.NOTHING]
    return max(levels, key=_ORDER.index)
