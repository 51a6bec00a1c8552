"""Reading and checking the public report form. Every refusal is a message key, shown in the
reader's language next to what they typed, so nothing they wrote is lost on a refusal.

Each form page carries a random `submission` id: sending the same page twice (a reload of the
answer page, a double click, the back button) files the report once.
"""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass, fields
from datetime import date

from werkzeug.datastructures import MultiDict

from bvr.services.casework_web import WebReport
from webhook.i18n import t

LIMITS = {"what_happened": 20_000, "where": 500, "reporter_name": 200,
          "reporter_contact": 200, "reporter_username": 200, "respondent_name": 200,
          "respondent_username": 200, "incident_on": 10}


@dataclass
class ReportForm:
    what_happened: str = ""
    where: str = ""
    incident_on: str = ""
    anonymous: bool = False
    emergency: bool = False
    is_victim: bool = False
    reporter_name: str = ""
    reporter_contact: str = ""
    reporter_username: str = ""
    respondent_name: str = ""
    respondent_username: str = ""
    submission: str = ""

    @classmethod
    def empty(cls) -> ReportForm:
        return cls(submission=new_submission())

    @classmethod
    def read(cls, data: MultiDict[str, str]) -> ReportForm:
        values: dict[str, object] = {}
        for f in fields(cls):
            if f.type == "bool":
                values[f.name] = data.get(f.name) in {"1", "on", "yes"}
            else:
                values[f.name] = data.get(f.name, "").replace("\r\n", "\n")
        if not _well_formed(str(values["submission"])):
            values["submission"] = new_submission()  # a page without one is still taken
        return cls(**values)  # type: ignore[arg-type]

    def problems(self, today: date) -> list[str]:
        """What must change before the report can be filed, in the reader's words."""
        found = []
        if not self.what_happened.strip():
            found.append(t("web-form-error-what-empty"))
        for name, limit in LIMITS.items():
            if len(str(getattr(self, name))) > limit:
                label = t(f"web-form-{name.replace('_', '-')}")
                found.append(t("web-form-error-too-long", field=label, num_maximum=limit))
        if self.incident_on:
            try:
                day = date.fromisoformat(self.incident_on)
            except ValueError:
                found.append(t("web-form-error-date"))
            else:
                if day > today:
                    found.append(t("web-form-error-date-future"))
        if self.anonymous and (self.reporter_name.strip() or self.reporter_contact.strip()
                               or self.reporter_username.strip()):
            found.append(t("web-form-error-anonymous-named"))
        return found

    def to_report(self, language: str) -> WebReport:
        return WebReport(
            what_happened=self.what_happened, language=language, where=self.where,
            incident_on=date.fromisoformat(self.incident_on) if self.incident_on else None,
            anonymous=self.anonymous, emergency=self.emergency, is_victim=self.is_victim,
            reporter_name=self.reporter_name.strip(),
            reporter_contact=self.reporter_contact.strip(),
            reporter_username=self.reporter_username.strip(),
            respondent_name=self.respondent_name.strip(),
            respondent_username=self.respondent_username.strip(),
            submission=self.submission)


_SUBMISSION_CHARS = frozenset(string.ascii_letters + string.digits + "-_")


def new_submission() -> str:
    return secrets.token_urlsafe(24)


def _well_formed(submission: str) -> bool:
    return 24 <= len(submission) <= 64 and set(submission) <= _SUBMISSION_CHARS
