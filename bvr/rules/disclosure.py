"""What someone may learn of a case's outcome: R-13.1 to R-13.4.

- R-13.1: maximum restraint: anyone not named below learns nothing.
- R-13.2: the alleged offender and the alleged victim receive the final report as fully as
  possible, with the sanctions; parts may be anonymised or left out.
- R-13.3: a reporter who is not the victim hears only the outline of the outcome.
- R-13.4: the full report is for those who decide on the case, and in an appeal for the appeal
  body handling it.

A person with several relations gets the most that any of them allows: a reporter who is also
the victim gets the victim's (redacted) report.

`may_disclose` is the one check every path uses before something about a case reaches a
person: the desk's messages to a party, the reporter's web channel, email and the command line
(`casework.inform_party`, `casework_web.write_to_reporter`). `CONTENT` says how much each kind
of message discloses: telling someone about the process, the investigators, the timeline or
the progress (R-10.1) discloses nothing of the outcome; the outcome is the outline (R-13.3);
the report is the redacted final report (R-13.2).
"""

from __future__ import annotations

from collections.abc import Collection
from enum import StrEnum

from bvr.domain import Disclosure, PartyRole
from bvr.rules.verdict import ALLOWED, Verdict, refuse


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

#: How much of the outcome each kind of message to a person discloses.
CONTENT: dict[str, Disclosure] = {
    "question": Disclosure.NOTHING,
    "info": Disclosure.NOTHING,
    "process": Disclosure.NOTHING,
    "investigators": Disclosure.NOTHING,
    "timeline": Disclosure.NOTHING,
    "progress": Disclosure.NOTHING,
    "outcome": Disclosure.OUTLINE,
    "report": Disclosure.REDACTED_REPORT,
}

# The requirement and message that say why a person with this much may not get more.
_LIMIT: dict[Disclosure, tuple[str, str]] = {
    Disclosure.NOTHING: ("R-13.1", "rules-disclosure-nothing"),
    Disclosure.OUTLINE: ("R-13.3", "rules-disclosure-outline-only"),
    Disclosure.REDACTED_REPORT: ("R-13.2", "rules-disclosure-redacted-only"),
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


def content_of(kinds: str | Collection[str]) -> Disclosure:
    """How much a message of these kinds (or topics) discloses: the most of any of them."""
    levels = [CONTENT[k] for k in ([kinds] if isinstance(kinds, str) else kinds)]
    return max(levels or [Disclosure.NOTHING], key=_ORDER.index)


def may_disclose(relations: Relation | Collection[Relation], content: Disclosure) -> Verdict:
    """R-13.1 to R-13.4: whether a person with these relations to the case may receive
    something that discloses `content`. Used by every path a message to a person takes."""
    allowed = disclosure_for(relations)
    if _ORDER.index(content) <= _ORDER.index(allowed):
        return ALLOWED
    rule, reason = _LIMIT[allowed]
    return refuse(rule, reason)
