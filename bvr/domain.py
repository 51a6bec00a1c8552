"""The protocol's vocabulary: roles, channels, statuses and sanction types.

Plain enumerations shared by the rules, the storage and the adapters. The values are stable
identifiers (stored in the database and used as message keys), so never rename one.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """Roles a person can hold (R-2.1, R-2.2, R-7.2). A person may hold several."""

    BOARD = "board"
    BOARD_BVR = "board_bvr"  # the board member holding the BVR portfolio
    DIRECTOR = "director"
    CONFIDANT = "confidant"
    APPEALS_COMMITTEE = "appeals_committee"
    CONTACT_PERSON = "contact_person"
    STAFF = "staff"


class Channel(StrEnum):
    """How a report reached the association (R-7.2, R-5, R-8)."""

    WIKI_FORM = "wiki_form"
    WEB_FORM = "web_form"
    ORAL = "oral"
    WRITTEN = "written"
    ON_SITE = "on_site"
    EX_OFFICIO = "ex_officio"  # seen by staff, board or a contact person without a report


class CaseStatus(StrEnum):
    """Where a case file stands in the process."""

    AWAITING_CONFIRMATION = "awaiting_confirmation"  # anonymous, not yet confirmed
    RECEIVED = "received"
    IN_HANDLING = "in_handling"  # taken into handling
    DECLINED = "declined"  # evidently unfounded or in bad faith
    DECIDED = "decided"
    IN_APPEAL = "in_appeal"
    CLOSED = "closed"


OPEN_STATUSES = frozenset(
    {CaseStatus.AWAITING_CONFIRMATION, CaseStatus.RECEIVED, CaseStatus.IN_HANDLING,
     CaseStatus.DECIDED, CaseStatus.IN_APPEAL}
)
#: A case still being looked into: received or in handling, no decision yet (R-10.3).
INVESTIGATING_STATUSES = frozenset({CaseStatus.RECEIVED, CaseStatus.IN_HANDLING})


class Category(StrEnum):
    """What kind of violation a report is about, set at triage (R-8.3). Published in the
    anonymised overview (R-14.2), so it must never identify anyone."""

    HARASSMENT = "harassment"
    DISCRIMINATION = "discrimination"
    INTIMIDATION = "intimidation"  # threats, hounding
    SEXUAL_MISCONDUCT = "sexual_misconduct"
    PRIVACY = "privacy"  # doxxing, sharing personal information
    VIOLENCE = "violence"  # physical or threatened violence
    DISRUPTION = "disruption"  # of an event or discussion
    BAD_FAITH_REPORT = "bad_faith_report"
    OTHER = "other"


class SanctionType(StrEnum):
    """R-11.1 (a)-(f) and R-11.2 'other'."""

    WARNING = "warning"  # (a) warning or reprimand, verbal or written
    EVENT_EXCLUSION = "event_exclusion"  # (b) exclusion from the current event or activity
    NO_CONTACT = "no_contact"  # (c) no-contact order towards named people
    EXCLUSION = "exclusion"  # (d) exclusion from events, activities, platforms, channels
    REPORT_TO_WMF = "report_to_wmf"  # (e) report to WMF Trust & Safety
    REPORT_TO_POLICE = "report_to_police"  # (f) report to police or justice
    OTHER = "other"  # needs a recorded justification


class DecisionBody(StrEnum):
    """Who took a decision; decides where an appeal goes (R-16.2)."""

    DIRECTOR_OR_BOARD_BVR = "director_or_board_bvr"
    BOARD = "board"
    APPEALS_COMMITTEE = "appeals_committee"
    CONTACT_PERSON = "contact_person"  # during an event


class EntryKind(StrEnum):
    """Kinds of append-only case entries (R-15.1)."""

    REPORT = "report"
    CORRESPONDENCE = "correspondence"
    HEARING = "hearing"  # with adviser present or not
    CONSULTATION = "consultation"
    INVESTIGATION_REPORT = "investigation_report"
    DECISION = "decision"
    INCIDENT_RECORD = "incident_record"
    NOTE = "note"
    MEASURE = "measure"  # preventive measures
    SUPPORT = "support"  # support offered to an involved person


class PartyRole(StrEnum):
    """How someone is involved in a case (R-10.1, R-13)."""

    REPORTER = "reporter"
    VICTIM = "victim"
    RESPONDENT = "respondent"  # the alleged offender
    WITNESS = "witness"
    OTHER = "other"


class Consultee(StrEnum):
    """Bodies consulted under R-12."""

    WMF_TRUST_AND_SAFETY = "wmf_trust_and_safety"
    WMF_LEGAL = "wmf_legal"
    ARBITRATION_COMMITTEE = "arbitration_committee"
    U4C = "u4c"
    TECHNICAL_COC_COMMITTEE = "technical_coc_committee"
    EXTERNAL_EXPERT = "external_expert"


class Disclosure(StrEnum):
    """What a person may learn of a case's outcome (R-13.2 to R-13.4)."""

    NOTHING = "nothing"
    OUTLINE = "outline"  # reporter who is not the victim
    REDACTED_REPORT = "redacted_report"  # offender and victim, possibly redacted
    FULL_REPORT = "full_report"  # those who decide, and the appeal body
