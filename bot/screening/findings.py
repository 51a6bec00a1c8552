"""What a screening found about one participant, with the evidence behind it.

Every finding names the check of R-6.1 it answers ("a" excluded, "b" noted, "c" conflict,
"d" blocked), where it was found (a wiki, or "wmnl" for the association's own records), and
its evidence: a log or block id, a link, the expiry and the reason as the source gives them.
A participant's `status` is never "clean" unless every check ran and found an existing account
with nothing against it: a check that failed for this participant leaves its reason in
`errors` (status `error` when nothing was found), a check that could not run on these wikis
leaves its name in `unchecked` (status `unchecked` when nothing was found), and a name the
wiki itself refuses (`baduser`, `invalid`) is `invalid`.
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
    DELETED = "deleted"  # the source says the (global) account was deleted
    ERROR = "error"  # a check failed for this participant: `errors` says where and why
    UNCHECKED = "unchecked"  # nothing found, but not every check ran: see `unchecked`


#: Findings that are information, never a flag: a rename (the new name is screened), and a WMNL
#: sanction in force that is not an exclusion (R-6.1(a) asks about exclusions, (b) and (d)).
INFORMATION = frozenset({"renamed", "wmnl-sanction-info"})


@dataclass(frozen=True)
class Finding:
    check: str  # "a", "b", "c" or "d" of, or "identity"
    kind: str  # "wmnl-sanction" (an exclusion), "wmnl-sanction-info", "global-ban", "lock",
    #            "global-block", "block", "partial-block", "block-history", "noticeboard",
    #            "note", "renamed"
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
    errors: list[str] = field(default_factory=list)  # "wiki: code: info" of failed checks
    unchecked: list[str] = field(default_factory=list)  # checks that could not run ("locks")
    #: wikis with a local account of a name CentralAuth calls missing: possibly hidden
    traces: list[str] = field(default_factory=list)
    #: where the block history is worth reading (CentralAuth: wikis with edits, and home);
    #: None: wherever the account exists
    history_on: list[str] | None = field(default=None, compare=False)

    def add(self, finding: Finding) -> None:
        if finding not in self.findings:
            self.findings.append(finding)

    def failed(self, reason: str) -> None:
        if reason not in self.errors:
            self.errors.append(reason)

    def skipped(self, check: str) -> None:
        if check not in self.unchecked:
            self.unchecked.append(check)

    def settle(self) -> None:
        """The status, from the kind of name, where it exists, and the findings."""
        if self.status is Status.IP and self.findings:  # a globally blocked address or range
            self.status = Status.FLAGGED
        if self.status in {Status.IP, Status.INVALID, Status.HIDDEN, Status.DELETED}:
            return
        if any(f.kind not in INFORMATION for f in self.findings):
            self.status = Status.FLAGGED
        elif self.errors:  # a failed check may have been the one that would have found it
            self.status = Status.ERROR
        elif any(f.kind == "renamed" for f in self.findings):
            self.status = Status.RENAMED
        elif not self.exists_on or self.traces:  # traces: "unknown, possibly hidden"
            self.status = Status.UNKNOWN
        elif self.unchecked:
            self.status = Status.UNCHECKED
        else:
            self.status = Status.CLEAN

    def as_dict(self) -> dict[str, Any]:
        return {"raw": self.raw, "name": self.name, "found_as": self.found_as,
                "status": self.status.value, "exists_on": sorted(self.exists_on),
                "findings": [f.as_dict() for f in self.findings],
                **({"errors": list(self.errors)} if self.errors else {}),
                **({"unchecked": sorted(self.unchecked)} if self.unchecked else {}),
                **({"traces": sorted(self.traces)} if self.traces else {})}
