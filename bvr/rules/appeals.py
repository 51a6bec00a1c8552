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
- R-16.3: within eight weeks of the decision being announced (see deadlines.py). So a case
  with a decision stays open until the decision was announced and the eight weeks have passed,
  or the decision can no longer be appealed inside the association (`may_close`).
- R-9.1 calls not taking a report into handling a decision: a declined case can be appealed
  like a decided one (`APPEALABLE`). An upheld appeal against a decline takes the report into
  handling; a dismissed one leaves it declined (`status_after_appeal`).
- Standing (R-16.1) is checked against the case's own parties: a role that is not among them,
  or a claim to be sanctioned in a case without a sanction, gives no standing.
- R-16.4: no appeal during an event against decisions taken there; a written appeal afterwards.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bvr.config import Periods
from bvr.domain import CaseStatus, DecisionBody, PartyRole
from bvr.rules.deadlines import DEFAULT_PERIODS, appeal_due, appeal_in_time, local_date
from bvr.rules.verdict import ALLOWED, Verdict, refuse

#: The value stored in `appeal.heard_by` when only an outside step remains.
OUTSIDE = "outside"

#: R-16.1: party roles that may appeal.
MAY_APPEAL = frozenset({PartyRole.REPORTER, PartyRole.VICTIM, PartyRole.RESPONDENT,
                        PartyRole.OTHER})

#: R-16.1, R-9.1: the statuses in which the case holds a decision that can be appealed.
APPEALABLE = frozenset({CaseStatus.DECIDED, CaseStatus.DECLINED})
#: Statuses before any decision: an appeal then is refused as "nothing decided yet".
_UNDECIDED = frozenset({CaseStatus.AWAITING_CONFIRMATION, CaseStatus.RECEIVED,
                        CaseStatus.IN_HANDLING})


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


def standing(appellant_roles: Collection[PartyRole], case_roles: Collection[PartyRole], *,
             sanctioned: bool = False, case_has_sanction: bool = False) -> Verdict:
    """R-16.1, checked against the case: the appellant is the person sanctioned in this case, or
    holds a role that may appeal and that this case has among its parties. The reporter is
    always a party, even one who reported anonymously."""
    if sanctioned:
        if case_has_sanction:
            return ALLOWED
        return refuse("R-16.1", "rules-appeal-no-sanction-in-case")
    allowed = may_appeal(appellant_roles)
    if not allowed:
        return allowed
    present = set(case_roles) | {PartyRole.REPORTER}
    if MAY_APPEAL.intersection(appellant_roles, present):
        return ALLOWED
    return refuse("R-16.1", "rules-appeal-not-a-party")


def may_appeal_in_status(case_status: CaseStatus) -> Verdict:
    """R-16.1, R-9.1: an appeal needs a decision (a decline is one); before any decision it is
    refused as such, on every path (the desk and the reporter's channel)."""
    if case_status in APPEALABLE:
        return ALLOWED
    if case_status in _UNDECIDED:
        return refuse("R-16.1", "rules-appeal-no-decision-yet")
    if case_status is CaseStatus.IN_APPEAL:
        return refuse("R-16.2", "rules-appeal-already-pending")
    return refuse("R-16.3", "rules-appeal-case-closed")


def status_after_appeal(*, against_decline: bool, upheld: bool) -> CaseStatus:
    """R-16.2, R-9.1: where the case goes once the appeal is decided. An appeal decision on a
    decided case is a decision again; an upheld appeal against a decline takes the report into
    handling, a dismissed one leaves it declined."""
    if not against_decline:
        return CaseStatus.DECIDED
    return CaseStatus.IN_HANDLING if upheld else CaseStatus.DECLINED


def may_close(decision: Decision | None, now: datetime, zone: ZoneInfo,
              periods: Periods = DEFAULT_PERIODS) -> Verdict:
    """R-16.3: a case with a decision (`decision`; None when it has none) is closed only once
    nobody can appeal it any more: the decision is final inside the association (R-16.2), or it
    was announced and the appeal period is over. Closing earlier would take the parties' right
    of appeal away."""
    if decision is None or route(decision.body, on_appeal=decision.on_appeal).outside_step:
        return ALLOWED
    if decision.announced_at is None:
        return refuse("R-16.3", "rules-close-not-announced")
    due = appeal_due(decision.announced_at, zone, periods)
    if now <= due:
        return refuse("R-16.3", "rules-close-appeal-period-running",
                      due=local_date(due, zone).isoformat())
    return ALLOWED


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
    in_status = may_appeal_in_status(case_status)
    if not in_status:
        return in_status
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
