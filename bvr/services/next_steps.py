"""The next steps on a case: which actions this person may take on this case now.

The case page shows only these, so it offers exactly what the desk would accept. Each step is
one entry in `STEPS`: its key (the action's URL segment `/desk/case/<number>/<key>`, its form in
`webhook/templates/desk/actions/<key>.html`), its title (a message key), the requirement a
"why?" link explains, and its guard: a pure function of the `Situation` that returns the
refusal (a refused `Verdict`) or None. Guards call the same rule functions the services call to
refuse (`bvr.rules.*`), plus the state checks the services make before them (a draft only in
handling, a review only of a draft), so a step that is shown is not refused for its state.

Adding an action: write its form partial and its service call (`webhook.desk.cases.ACTIONS`),
then add one `Step` here (or call `register` from the module that owns the action). The order
of `STEPS` is the order on the page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bvr.config import Periods
from bvr.domain import INVESTIGATING_STATUSES, CaseStatus, DecisionBody, SanctionType
from bvr.rules import anonymous, appeals, board, decline, handling, sanctions, status, support
from bvr.rules import measures as rules_measures
from bvr.rules.facts import Actor, CaseFacts, Officers
from bvr.rules.verdict import Verdict, refuse
from bvr.services.casework_outcome import may_decide_appeal


@dataclass(frozen=True)
class Situation:
    """What the guards look at: facts about the person, the case and the time, no database."""

    actor: Actor
    case: CaseFacts
    officers: Officers
    status: CaseStatus
    now: datetime
    zone: ZoneInfo
    periods: Periods
    decision: appeals.Decision | None = None  # the case's decision (None before any)
    web_channel: bool = False  # the reporter follows the case on the web channel
    investigators: int = 0  # delegations running now
    report_stage: str = ""  # the investigation report's latest stage: draft, review, final
    director_sanctions: tuple[SanctionType, ...] = ()
    agreed_to_decline: bool = False  # this person's agreement to decline is recorded
    measure_appeal: bool = False  # an appeal against on-site measures waits
    unconfirmed_measures: int = 0  # on-site measures waiting for confirmation (R-11.3 note 3)
    motions_to_vote: int = 0  # the board's open motions this person has not voted on


#: A guard: the refusal, or None when the step may be taken.
Guard = Callable[[Situation], Verdict | None]


@dataclass(frozen=True)
class Step:
    """One action on a case file."""

    key: str
    label: str  # message key of its title
    guard: Guard
    rule: str = ""  # the requirement the "why?" link explains
    tool: bool = False  # a tool always at hand (a note, a link), listed after the steps

    @property
    def template(self) -> str:
        return f"desk/actions/{self.key}.html"

    def refusal(self, situation: Situation) -> Verdict | None:
        found = self.guard(situation)
        return None if found is None or found else found


def first_refusal(*verdicts: Verdict | None) -> Verdict | None:
    """The first refused verdict, or None when all allow (None counts as allowed)."""
    return next((v for v in verdicts if v is not None and not v), None)


def not_now(rule: str) -> Verdict:
    """The refusal of a step that does not fit the case's state (it is never shown then)."""
    return refuse(rule, "web-step-not-now")


def _when(condition: bool, rule: str) -> Verdict | None:
    return None if condition else not_now(rule)


# --- the guards, one per step --------------------------------------------------------------

def _handles(s: Situation) -> Verdict:
    return handling.may_handle(s.actor, s.case, s.officers)


def _investigates(s: Situation) -> Verdict:
    return handling.may_investigate(s.actor, s.case, s.officers, s.case.delegates)


def triage(s: Situation) -> Verdict | None:
    """R-8.3: the first assessment, while the report is new or in handling."""
    return first_refusal(_handles(s), _when(
        s.status in INVESTIGATING_STATUSES | {CaseStatus.AWAITING_CONFIRMATION}, "R-8.3"))


def handler(s: Situation) -> Verdict | None:
    return first_refusal(_handles(s), _when(s.status is not CaseStatus.CLOSED, "R-10.1"))


def investigator(s: Situation) -> Verdict | None:
    return first_refusal(_handles(s), _when(s.status in INVESTIGATING_STATUSES, "R-10.1"))


def end_investigator(s: Situation) -> Verdict | None:
    return first_refusal(_handles(s), _when(s.investigators > 0, "R-10.1"))


def refer_board(s: Situation) -> Verdict | None:
    """R-11.3: only in handling or decided, and not while the board already decides."""
    return first_refusal(_handles(s), _when(
        s.status in {CaseStatus.IN_HANDLING, CaseStatus.DECIDED} and not s.case.board_deciding,
        "R-11.3"))


def inform(s: Situation) -> Verdict | None:
    return first_refusal(_investigates(s), _when(
        s.status is not CaseStatus.AWAITING_CONFIRMATION, "R-7.4"))


def message(s: Situation) -> Verdict | None:
    return first_refusal(_investigates(s), _when(s.web_channel, "R-7.3"))


def hearing(s: Situation) -> Verdict | None:
    return first_refusal(_investigates(s), _when(s.status in INVESTIGATING_STATUSES, "R-10.2"))


def consultation(s: Situation) -> Verdict | None:
    return first_refusal(_investigates(s), _when(s.status is not CaseStatus.CLOSED, "R-12"))


def draft(s: Situation) -> Verdict | None:
    """R-10.3: drafted in handling, until the report is final (`draft_report` refuses so)."""
    return first_refusal(_investigates(s), _when(
        s.status is CaseStatus.IN_HANDLING and s.report_stage != "final", "R-10.3"))


def review(s: Situation) -> Verdict | None:
    """R-10.3: a draft is discussed with the parties (`review_draft` needs one)."""
    return first_refusal(_investigates(s), _when(s.report_stage in {"draft", "review"},
                                                 "R-10.3"))


def finalise(s: Situation) -> Verdict | None:
    """R-10.3: the latest draft, discussed with a party, becomes final."""
    return first_refusal(_investigates(s), _when(s.report_stage == "review", "R-10.3"))


def sanction(s: Situation) -> Verdict | None:
    """R-11.3, R-11.4, R-16.2: a sanction this person may impose as some body, in a state
    where `decisions.impose_sanction` takes one."""
    state = first_refusal(appeals.may_sanction_now(s.status), _when(
        s.status in {CaseStatus.IN_HANDLING, CaseStatus.DECIDED}, "R-11"))
    if state is not None:
        return state
    return sanction_choices(s)[1]


def sanction_choices(s: Situation) -> tuple[
        tuple[tuple[DecisionBody, tuple[SanctionType, ...]], ...], Verdict | None]:
    """The bodies this person may decide for, each with the sanction types it may impose
    (`sanctions.may_impose`); and the first refusal when there is none."""
    found: list[tuple[DecisionBody, tuple[SanctionType, ...]]] = []
    refusal: Verdict | None = None
    for body in (DecisionBody.DIRECTOR_OR_BOARD_BVR, DecisionBody.BOARD):
        types = []
        for kind in SanctionType:
            verdict = sanctions.may_impose(s.actor, body, kind, s.case, s.officers,
                                           director_sanctions=s.director_sanctions)
            if verdict:
                types.append(kind)
            elif refusal is None:
                refusal = verdict
        if types:
            found.append((body, tuple(types)))
    return tuple(found), (None if found else refusal)


def decide(s: Situation) -> Verdict | None:
    """A decision without sanction: the handler, uninvolved, on a case in handling."""
    return first_refusal(_handles(s), handling.may_take_part_in_deciding(s.actor, s.case),
                         status.may_transition(s.status, CaseStatus.DECIDED))


def announce(s: Situation) -> Verdict | None:
    """R-11.6, R-16.3: a decision (or decline) not yet announced."""
    return first_refusal(
        _when(s.status in appeals.APPEALABLE and s.decision is not None
              and s.decision.announced_at is None, "R-11.6"),
        handling.may_take_part_in_deciding(s.actor, s.case))


def decline_step(s: Situation) -> Verdict | None:
    """R-9.1: propose or agree to decline a report, once per person; not during an appeal,
    whose own decision may leave a case declined (`appeals.status_after_appeal`)."""
    return first_refusal(_when(s.status in INVESTIGATING_STATUSES, "R-9.1"),
                         status.may_transition(s.status, CaseStatus.DECLINED),
                         decline.may_propose_decline(s.actor, s.case, s.officers),
                         _when(not s.agreed_to_decline, "R-9.1"))


def appeal(s: Situation) -> Verdict | None:
    """R-16.1 to R-16.3: the handler records an appeal against an announced decision that can
    still be appealed inside the association (the appellant's standing and the date are
    checked when it is recorded)."""
    in_status = appeals.may_appeal_in_status(s.status)
    if not in_status:
        return in_status
    if s.decision is None:
        return not_now("R-16.1")
    final = appeals.route(s.decision.body, on_appeal=s.decision.on_appeal).outside_step
    return first_refusal(_handles(s), appeals.may_appeal_in_status(s.status),
                         refuse("R-16.2", "rules-appeal-final") if final else None,
                         refuse("R-16.3", "rules-appeal-not-announced")
                         if s.decision.announced_at is None else None)


def appeal_decide(s: Situation) -> Verdict | None:
    """R-16.2: an appeal before this person: against the case's decision, or against on-site
    measures (decided by whoever may confirm them, as `measures.decide_appeal` checks)."""
    if s.measure_appeal and s.status is not CaseStatus.IN_APPEAL:
        return rules_measures.may_confirm(s.actor, s.case)
    return first_refusal(_when(s.status is CaseStatus.IN_APPEAL, "R-16.2"),
                         may_decide_appeal(s.actor, s.case))


def board_vote(s: Situation) -> Verdict | None:
    """R-2.1, R-11.4: an uninvolved board member votes once on each open motion
    (`board.vote` refuses a second vote and a member who may not vote)."""
    return first_refusal(_when(s.motions_to_vote > 0, "R-2.1"), board.may_vote(s.actor, s.case))


def confirm_measures(s: Situation) -> Verdict | None:
    """R-11.3 note 3: the director or the board member BVR, uninvolved, confirms the contact
    persons' measures that wait (`measures.confirm` refuses so)."""
    return first_refusal(rules_measures.may_confirm(s.actor, s.case),
                         rules_measures.may_confirm_now(s.unconfirmed_measures))


def close(s: Situation) -> Verdict | None:
    """R-16.3: closed by the handler once nobody can appeal any more."""
    found = first_refusal(_handles(s), status.may_transition(s.status, CaseStatus.CLOSED))
    if found is None and s.status in appeals.APPEALABLE:
        found = first_refusal(appeals.may_close(s.decision, s.now, s.zone, s.periods))
    return found


def reopen(s: Situation) -> Verdict | None:
    return first_refusal(_when(s.status is CaseStatus.CLOSED, "R-15.1"), _handles(s))


def stop(s: Situation) -> Verdict | None:
    """R-7.4: the handler stops a pending anonymous report (`pending.stop` refuses so)."""
    return first_refusal(_handles(s), anonymous.may_stop(s.status))


def support_step(s: Situation) -> Verdict | None:
    """R-17.1: the handler records support offered (`support.record_support` refuses so)."""
    return first_refusal(_handles(s), support.may_record_support(s.status))


def always(_s: Situation) -> None:
    return None


# --- the registry --------------------------------------------------------------------------

STEPS: list[Step] = [
    Step("triage", "web-act-triage", triage, "R-8.3"),
    Step("stop", "web-act-stop", stop, "R-7.4"),
    Step("board_vote", "web-act-board-vote", board_vote, "R-2.1"),
    Step("appeal_decide", "web-act-appeal-decide", appeal_decide, "R-16.2"),
    Step("confirm_measures", "web-act-confirm-measures", confirm_measures, "R-11.3"),
    Step("handler", "web-act-handler", handler, "R-10.1"),
    Step("investigator", "web-act-investigator", investigator, "R-10.1"),
    Step("end_investigator", "web-act-end-investigator", end_investigator, "R-10.1"),
    Step("inform", "web-act-inform", inform, "R-10.1"),
    Step("message", "web-act-message", message, "R-13.3"),
    Step("hearing", "web-act-hearing", hearing, "R-10.2"),
    Step("consultation", "web-act-consultation", consultation, "R-12"),
    Step("support", "web-act-support", support_step, "R-17.1"),
    Step("draft", "web-act-draft", draft, "R-10.3"),
    Step("review", "web-act-review", review, "R-10.3"),
    Step("finalise", "web-act-finalise", finalise, "R-10.3"),
    Step("refer_board", "web-act-refer-board", refer_board, "R-11.3"),
    Step("sanction", "web-act-sanction", sanction, "R-11.3"),
    Step("decide", "web-act-decide", decide, "R-11.4"),
    Step("announce", "web-act-announce", announce, "R-11.6"),
    Step("decline", "web-act-decline", decline_step, "R-9.1"),
    Step("appeal", "web-act-appeal", appeal, "R-16.1"),
    Step("close", "web-act-close", close, "R-16.3"),
    Step("reopen", "web-act-reopen", reopen, "R-15.1"),
    Step("note", "web-act-note", always, "R-15.1", tool=True),
    Step("link", "web-act-link", always, "R-15.1", tool=True),
]


def register(step: Step, *, before: str | None = None) -> None:
    """Add a step (once), at the end or before the step named `before`."""
    if any(s.key == step.key for s in STEPS):
        raise ValueError(f"a step {step.key!r} is registered already")
    keys = [s.key for s in STEPS]
    STEPS.insert(keys.index(before) if before in keys else len(STEPS), step)


def allowed(situation: Situation, steps: Iterable[Step] | None = None) -> tuple[Step, ...]:
    """The steps this person may take now, in the registry's order."""
    return tuple(s for s in (STEPS if steps is None else steps)
                 if s.refusal(situation) is None)


def step(key: str) -> Step | None:
    return next((s for s in STEPS if s.key == key), None)
