"""The life of a case file: which status may follow which.

```
awaiting_confirmation -> received                  (R-7.4; unconfirmed reports are destroyed,
                                                     see anonymous.py: not a status change)
received              -> in_handling, declined
in_handling           -> decided, declined          (R-9.1: also declined after a look)
declined              -> closed, in_handling,       (in handling: the decline is reconsidered)
                         in_appeal                  (R-9.1: a decline is a decision)
decided               -> in_appeal, closed
in_appeal             -> decided                    (the appeal's outcome, R-16.2)
                         declined, in_handling      (an appeal against a decline: dismissed,
                                                     upheld; see appeals.status_after_appeal)
closed                -> in_handling                (reopened)
```

Why these and no others:
- A case is decided only after being taken into handling: a decision rests on the
  investigation (R-10.3) and counts as "taken into handling" in the figures (R-14.4).
- A declined report is not decided (R-9.1); it is closed, or reconsidered by taking it into
  handling after all.
- An appeal is only against a decision (R-16.1), and R-9.1 calls a decline one; the outcome
  of an appeal is a decision again, which may itself be appealed where R-16.2 allows (see
  appeals.py). Closing a case with a decision is further bounded by the appeal period
  (`appeals.may_close`, R-16.3), which needs dates, not only statuses.
- A case closes only with an outcome, a decision or a decline, so no report silently
  disappears; a closed case is reopened into handling, never into an earlier step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from bvr.domain import CaseStatus
from bvr.rules.verdict import ALLOWED, Verdict, refuse

S = CaseStatus

TRANSITIONS: Final[dict[CaseStatus, frozenset[CaseStatus]]] = {
    S.AWAITING_CONFIRMATION: frozenset({S.RECEIVED}),
    S.RECEIVED: frozenset({S.IN_HANDLING, S.DECLINED}),
    S.IN_HANDLING: frozenset({S.DECIDED, S.DECLINED}),
    S.DECLINED: frozenset({S.CLOSED, S.IN_HANDLING, S.IN_APPEAL}),
    S.DECIDED: frozenset({S.IN_APPEAL, S.CLOSED}),
    S.IN_APPEAL: frozenset({S.DECIDED, S.DECLINED, S.IN_HANDLING}),
    S.CLOSED: frozenset({S.IN_HANDLING}),
}


def allowed_next(current: CaseStatus) -> frozenset[CaseStatus]:
    """The statuses a case in `current` may move to."""
    return TRANSITIONS[current]


def may_transition(current: CaseStatus, target: CaseStatus) -> Verdict:
    """Whether a case may move from `current` to `target`; a refusal says why."""
    if target in TRANSITIONS[current]:
        return ALLOWED
    return _why_not(current, target)


# Why a move is refused, from the most specific reason to the most general: the first match
# wins. Each entry: (applies to current/target, requirement, message key).
_REASONS: Final[tuple[tuple[Callable[[CaseStatus, CaseStatus], bool], str, str], ...]] = (
    (lambda cur, tgt: cur is tgt, "R-14.1", "rules-status-unchanged"),
    (lambda cur, tgt: tgt is S.AWAITING_CONFIRMATION, "R-7.4", "rules-status-back-to-unconfirmed"),
    (lambda cur, tgt: cur is S.AWAITING_CONFIRMATION, "R-7.4", "rules-status-unconfirmed"),
    (lambda cur, tgt: tgt is S.RECEIVED, "R-7.4", "rules-status-received-only-from-unconfirmed"),
    (lambda cur, tgt: cur is S.IN_APPEAL, "R-16.2", "rules-status-appeal-pending"),
    (lambda cur, tgt: cur is S.CLOSED, "R-15.1", "rules-status-closed-reopen"),
    (lambda cur, tgt: tgt is S.IN_APPEAL, "R-16.1", "rules-status-appeal-needs-decision"),
    (lambda cur, tgt: cur is S.DECLINED and tgt is S.DECIDED, "R-9.1",
     "rules-status-declined-cannot-decide"),
    (lambda cur, tgt: tgt is S.DECIDED, "R-10.3", "rules-status-decide-needs-handling"),
    (lambda cur, tgt: cur is S.DECIDED and tgt is S.DECLINED, "R-9.1",
     "rules-status-decline-after-decision"),
    (lambda cur, tgt: cur is S.DECIDED, "R-16.1", "rules-status-decided-next"),
    # Left: closing a case that has no outcome yet (received, in handling).
    (lambda cur, tgt: True, "R-10.3", "rules-status-close-needs-outcome"),
)


def _why_not(current: CaseStatus, target: CaseStatus) -> Verdict:
    rule, key = next((rule, key) for applies, rule, key in _REASONS if applies(current, target))
    return refuse(rule, key)
