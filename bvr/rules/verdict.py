"""The answer a rule gives: allowed, or refused with the reason in plain words."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bvr.i18n import Message


@dataclass(frozen=True)
class Verdict:
    """Whether something may happen; a refusal cites its requirement and says why.

    `reason` is a message key under `bvr/i18n/rules/` so the reason reaches a board member
    in their own language.
    """

    allowed: bool
    rule: str = ""
    reason: str = ""
    params: Mapping[str, object] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return self.allowed

    @property
    def message(self) -> Message:
        return Message(self.reason, self.params)

    def explain(self, lang: str) -> str:
        """The refusal in words, prefixed with the requirement, e.g. 'R-11.3: ...'."""
        if self.allowed:
            return ""
        return f"{self.rule}: {self.message.text(lang)}"


ALLOWED = Verdict(True)


def refuse(rule: str, reason: str, **params: object) -> Verdict:
    return Verdict(False, rule, reason, params)


class RuleRefused(Exception):
    """Raised by services when a rule refuses; carries the verdict for the reader's language."""

    def __init__(self, verdict: Verdict) -> None:
        super().__init__(verdict.explain("en"))
        self.verdict = verdict


def require(verdict: Verdict) -> None:
    """Raise RuleRefused unless the verdict allows: for services acting on a rule."""
    if not verdict:
        raise RuleRefused(verdict)
