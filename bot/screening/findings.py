"""What a screening found about one participant, with the evidence behind it.

Every finding names the check of R-6.1 it answers ("a" excluded, "b" noted, "c" conflict,
"d" blocked), where it was found (a wiki, or "wmnl" for the association's own records), and
its evidence: a log or block id, a link, the expiry and the reason as the source gives them.
A participant's `status` is never "clean" unless every check ran and found an existing account
with nothing against it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    CLEAN = "clean"
    FLAGGED = "flagged"  # at least one finding
    UNKNOWN = "unknown"  # no such account on any checked wiki (or hidden from us)
    IP = "ip"  # an IP address or range, not an account
    INVALID = "invalid"  # not a possible username
    RENAMED = "renamed"  # the account was renamed: see the finding for the new name
    HIDDEN = "hidden"  # the account is hidden (suppressed) where it was looked up


@dataclass(frozen=True)
class Finding:
    check: str  # "a", "b", "c" or "d" of, or "identity"
    kind: str  # "wmnl-sanction", "global-ban", "lock", "global-block", "block",
    #            "partial-block", "block-history", "noticeboard", "note", "renamed"
    source: str  # a wiki name, "central", or "wmnl"
    reason: str = ""
    expiry: str = ""
    log_id: str = ""  # block id, log id, revision id, note id
    link: str = ""
    detail: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Result:
    """One participant: the name as given, as normalised, and what was found."""

    raw: str
    name: str
    found_as: str
    status: Status = Status.CLEAN
    findings: list[Finding] = field(default_factory=list)
    exists_on: list[str] = field(default_factory=list)  # wikis where the account exists

    def add(self, finding: Finding) -> None:
        if finding not in self.findings:
            self.findings.append(finding)

    def settle(self) -> None:
        """The status, from the kind of name, where it exists, and the findings."""
        if self.status in {Status.IP, Status.INVALID, Status.HIDDEN}:
            return
        if any(f.kind != "renamed" for f in self.findings):
            self.status = Status.FLAGGED
        elif self.findings:
            self.status = Status.RENAMED
        elif not self.exists_on:
            self.status = Status.UNKNOWN
        else:
            self.status = Status.CLEAN

    def as_dict(self) -> dict[str, Any]:
        return {"raw": self.raw, "name": self.name, "found_as": self.found_as,
                "status": self.status.value, "exists_on": sorted(self.exists_on),
                "findings": [f.as_dict() for f in self.findings]}
