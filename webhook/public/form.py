"""Reading and checking the public report form. Every refusal is a message key, shown in the
reader's language next to what they typed, so nothing they wrote is lost on a refusal.

Each form page carries a random `submission` id: sending the same page twice (a reload of the
answer page, a double click, the back button) files the report once.

Two questions have no default: whether someone is in danger now (asked first), and whether
it happened to the reporter (R-13.3: a victim must not get only the outline because they
skipped a question). Unanswered, the form is refused with the text kept. Lengths are checked
here only, with the count: a `maxlength` in the page would cut a long paste silently.
"""

from __future__ import annotations

import secrets
import string
from collections.abc import Collection, Mapping
from dataclasses import dataclass, fields
from datetime import date

from bvr.services.casework_web import WebReport
from webhook.i18n import t

LIMITS = {"what_happened": 20_000, "where": 500, "reporter_name": 200,
          "reporter_contact": 200, "reporter_username": 200, "respondent_name": 200,
          "respondent_username": 200, "incident_on": 10}
#: The answers of a yes/no question; anything else is unanswered.
YES, NO = "1", "0"


@dataclass
class ReportForm:
    what_happened: str = ""
    where: str = ""
    incident_on: str = ""
    event: str = ""  # an event's id, as the select sends it; "" for none
    anonymous: bool = False
    emergency: str = ""  # YES, NO or "" (unanswered)
    is_victim: str = ""  # YES, NO or "" (unanswered)
    reporter_name: str = ""
    reporter_contact: str = ""
    reporter_username: str = ""
    respondent_name: str = ""
    respondent_username: str = ""
    submission: str = ""

    @classmethod
    def empty(cls) -> ReportForm:
        return cls(submission=new_submission())

    @staticmethod
    def limits() -> Mapping[str, int]:
        return LIMITS

    @classmethod
    def read(cls, data: Mapping[str, str]) -> ReportForm:
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = data.get(f.name) or ""
            if f.name == "anonymous":
                values[f.name] = raw in {"1", "on", "yes"}
            elif f.name in {"emergency", "is_victim"}:
                values[f.name] = raw if raw in {YES, NO} else ""
            else:
                values[f.name] = raw.replace("\r\n", "\n")
        if not _well_formed(str(values["submission"])):
            values["submission"] = new_submission()  # a page without one is still taken
        return cls(**values)  # type: ignore[arg-type]

    @property
    def is_emergency(self) -> bool:
        return self.emergency == YES

    def problems(self, today: date, events: Collection[int] = ()) -> list[str]:
        """What must change before the report can be filed, in the reader's words."""
        found = []
        if not self.emergency:
            found.append(t("web-form-error-emergency-unanswered"))
        if not self.what_happened.strip():
            found.append(t("web-form-error-what-empty"))
        for name, limit in LIMITS.items():
            length = len(str(getattr(self, name)))
            if length > limit:
                label = t(f"web-form-{name.replace('_', '-')}")
                found.append(t("web-form-error-too-long-count", field=label,
                               num_typed=length, num_maximum=limit))
        if not self.is_victim:
            found.append(t("web-form-error-victim-unanswered"))
        if self.incident_on:
            try:
                day = date.fromisoformat(self.incident_on)
            except ValueError:
                found.append(t("web-form-error-date"))
            else:
                if day > today:
                    found.append(t("web-form-error-date-future"))
        if self.event and self.event_id not in events:
            found.append(t("web-form-error-event"))
        if self.anonymous and (self.reporter_name.strip() or self.reporter_contact.strip()
                               or self.reporter_username.strip()):
            found.append(t("web-form-error-anonymous-named"))
        return found

    @property
    def event_id(self) -> int | None:
        return int(self.event) if self.event.isdigit() else None

    def to_report(self, language: str) -> WebReport:
        return WebReport(
            what_happened=self.what_happened, language=language, where=self.where,
            incident_on=date.fromisoformat(self.incident_on) if self.incident_on else None,
            anonymous=self.anonymous, emergency=self.is_emergency,
            is_victim=self.is_victim == YES,
            reporter_name=self.reporter_name.strip(),
            reporter_contact=self.reporter_contact.strip(),
            reporter_username=self.reporter_username.strip(),
            respondent_name=self.respondent_name.strip(),
            respondent_username=self.respondent_username.strip(),
            event_id=self.event_id, submission=self.submission)


_SUBMISSION_CHARS = frozenset(string.ascii_letters + string.digits + "-_")


def new_submission() -> str:
    return secrets.token_urlsafe(24)


def _well_formed(submission: str) -> bool:
    return 24 <= len(submission) <= 64 and set(submission) <= _SUBMISSION_CHARS
