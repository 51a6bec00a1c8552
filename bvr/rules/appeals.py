"""Appeals: R-16.1 to R-16.4.

- R-16.1: the reporter, the sanctioned person and other people directly involved may appeal.
  Directly involved: the reporter, the (alleged) victim, the respondent and other involved
  parties; a witness is not, having no stake in the outcome.
- R-16.2: against the director and/or board member BVR, to the board; against the board, to the
  appeals committee. Either appeal decision is final within the association. After that only an
  outside step remains (the U4C or another WMF body), which is recorded, not routed.
  A contact person's decision during an event is not named in the text: it goes to the director
  (who decides on further action anyway, R-8.6), whose decision can then go to the board.
  While an appeal is pending, the decision under appeal is with the appeal body: nobody imposes
  a sanction beside it (`may_sanction_now`). The appeal decision upholds the decision, or changes
  or lifts the sanction, in the name of the body that heard it.
- R-16.3: within eight weeks of the decision being announced (see deadlines.py).
- R-16.4: no appeal during an event against decisions taken there; a written appeal afterwards.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bvr.config import Periods
from bvr.domain import CaseStatus, DecisionBody, PartyRole
from bvr.rules.deadlines import DEFAULT_PERIODS, appeal_in_time
from bvr.rules.verdict import ALLOWED, Verdict, refuse

#: The value stored in `appeal.heard_by` when only an outside step remains.
OUTSIDE = "outside"

#: R-16.1: party roles that may appeal.
MAY_APPEAL = frozenset({PartyRole.REPORTER, PartyRole.VICTIM, PartyRole.RESPONDENT,
                        PartyRole.OTHER})


@dataclass(frozen=True)
class Decision:
    """The decision someone wants to appeal against."""

    body: DecisionBody
    announced_at: datetime | None  # counts from here; None: not announced yet
    at_event: bool = False  # taken during an event
    on_appeal: bool = False  # itself the outcome of an appeal


@dataclass(frozen=True)
class AppealRoute:
    """Where an appeal goes (R-16.2).

    `heard_by` is None when no internal appeal is left; then `outside_step` is True: an appeal
    to the U4C or another WMF body can only be recorded. `final` says whether the decision of
    `heard_by` closes the internal route.
    """

    heard_by: DecisionBody | None
    final: bool

    @property
    def outside_step(self) -> bool:
        return self.heard_by is None

    @property
    def stored(self) -> str:
        """The value for `appeal.heard_by`: a DecisionBody value or "outside"."""
        return OUTSIDE if self.heard_by is None else self.heard_by.value


def route(decision_by: DecisionBody, *, on_appeal: bool = False) -> AppealRoute:
    """R-16.2: where an appeal against a decision of `decision_by` goes."""
    if decision_by is DecisionBody.CONTACT_PERSON:
        return AppealRoute(DecisionBody.DIRECTOR_OR_BOARD_BVR, final=False)
    if decision_by is DecisionBody.DIRECTOR_OR_BOARD_BVR:
        return AppealRoute(DecisionBody.BOARD, final=True)
    if decision_by is DecisionBody.BOARD and not on_appeal:
        return AppealRoute(DecisionBody.APPEALS_COMMITTEE, final=True)
    # The board deciding an appeal, or the appeals committee: final within the association.
    return AppealRoute(None, final=True)


def may_appeal(party_roles: Collection[PartyRole], *, sanctioned: bool = False) -> Verdict:
    """R-16.1: whether someone involved in these roles (or sanctioned) may appeal."""
    if sanctioned or not MAY_APPEAL.isdisjoint(party_roles):
        return ALLOWED
    return refuse("R-16.1", "rules-appeal-not-involved")


def may_sanction_now(case_status: CaseStatus) -> Verdict:
    """R-16.2: no sanction is imposed while an appeal is pending; the appeal body decides first,
    and its decision (not a new sanction beside it) upholds, changes or lifts the sanction."""
    if case_status is CaseStatus.IN_APPEAL:
        return refuse("R-16.2", "rules-appeal-pending-no-sanction")
    return ALLOWED


def may_change_on_appeal(upheld: bool, *, changes_sanction: bool) -> Verdict:
    """R-16.2: an appeal decision changes or lifts a sanction only when it upholds the appeal;
    a dismissed appeal leaves the decision as it stands."""
    if changes_sanction and not upheld:
        return refuse("R-16.2", "rules-appeal-dismissed-no-change")
    return ALLOWED


def may_file_appeal(
    party_roles: Collection[PartyRole],
    decision: Decision,
    case_status: CaseStatus,
    filed_at: datetime,
    zone: ZoneInfo,
    *,
    sanctioned: bool = False,
    event_running: bool = False,
    periods: Periods = DEFAULT_PERIODS,
) -> Verdict:
    """R-16.1 to R-16.4: whether this appeal, filed at `filed_at`, can be taken up.

    `event_running` says whether the event where the decision was taken is still going on.
    """
    if case_status is not CaseStatus.DECIDED:
        return refuse("R-16.1", "rules-status-appeal-needs-decision")
    allowed = may_appeal(party_roles, sanctioned=sanctioned)
    if not allowed:
        return allowed
    if route(decision.body, on_appeal=decision.on_appeal).outside_step:
        return refuse("R-16.2", "rules-appeal-final")
    if decision.at_event and event_running:
        return refuse("R-16.4", "rules-appeal-during-event")
    if decision.announced_at is None:
        return refuse("R-16.3", "rules-appeal-not-announced")
    return appeal_in_time(decision.announced_at, filed_at, zone, periods)
