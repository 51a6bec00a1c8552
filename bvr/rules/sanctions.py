"""Sanctions: who may impose which, what a sanction must say, and when it is in force.

- R-11.1: the sanction types (a)-(f). (d) exclusion may be for a fixed or indefinite time, but
  never from the general members' meeting (ALV) for members.
- R-11.2: another sanction is allowed only with a recorded justification.
- R-11.3: (a)-(c) are imposed by the director and/or the board member BVR, (d)-(f) by the board.
  Which types count as director-level is configurable (`Config.director_sanctions`).
- R-11.4 with R-10.1: nobody involved decides, and the director or board member BVR only
  decides while R-10.1 gives them the case.
- R-9.3: bad-faith reporting can itself be a violation; the director reports it and the board
  decides on sanctions, whatever their type.
- R-8.4: during an event the contact person may take the immediate measures: a verbal
  reprimand, exclusion from the rest of the event, a no-contact order, a report to the police.

The board may impose every type: it carries final responsibility (R-2.1), takes cases in which
both the director and the board member BVR are involved (R-10.1) and hears appeals against their
decisions (R-16.2). The appeals committee may too, but only while it hears an appeal on the case.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bvr.config import Config
from bvr.domain import Category, DecisionBody, Role, SanctionType
from bvr.rules.facts import Actor, CaseFacts, Officers, SanctionTerms
from bvr.rules.handling import may_take_part_in_deciding, responsible_role
from bvr.rules.verdict import ALLOWED, Verdict, refuse

#: R-11.3 default: the sanctions of the director and/or the board member BVR, (a)-(c).
DEFAULT_DIRECTOR_SANCTIONS: frozenset[SanctionType] = frozenset(Config().director_sanctions)

#: R-8.4: what a contact person may do on the spot during an event.
CONTACT_PERSON_MEASURES = frozenset({
    SanctionType.WARNING,
    SanctionType.EVENT_EXCLUSION,
    SanctionType.NO_CONTACT,
    SanctionType.REPORT_TO_POLICE,
})

#: R-6.1(a) "uitsluitingen": the sanctions that keep someone out, (b) and (d). Only these
#: flag a participant in screening; other sanctions in force are shown as information.
EXCLUSIONS = frozenset({SanctionType.EVENT_EXCLUSION, SanctionType.EXCLUSION})

#: Sanctions that are an act, not a state: done when imposed, so they have no end date.
ONE_OFF = frozenset({
    SanctionType.WARNING,
    SanctionType.REPORT_TO_WMF,
    SanctionType.REPORT_TO_POLICE,
})


def deciding_body(
    sanction: SanctionType,
    director_sanctions: Collection[SanctionType] = DEFAULT_DIRECTOR_SANCTIONS,
) -> DecisionBody:
    """R-11.3: the body that normally imposes `sanction`.

    "Other" (R-11.2) is the board's unless configured otherwise: a sanction the protocol does
    not foresee is weighty enough for the body with final responsibility.
    """
    if sanction in director_sanctions:
        return DecisionBody.DIRECTOR_OR_BOARD_BVR
    return DecisionBody.BOARD


def body_may_impose(
    body: DecisionBody,
    sanction: SanctionType,
    director_sanctions: Collection[SanctionType] = DEFAULT_DIRECTOR_SANCTIONS,
) -> Verdict:
    """R-11.3, R-8.4: whether `body` has the authority to impose `sanction` at all."""
    if body is DecisionBody.DIRECTOR_OR_BOARD_BVR and sanction not in director_sanctions:
        return refuse("R-11.3", "rules-sanction-board-only")
    if body is DecisionBody.CONTACT_PERSON and sanction not in CONTACT_PERSON_MEASURES:
        return refuse("R-8.4", "rules-sanction-not-on-site")
    return ALLOWED


def _may_act_as(
    actor: Actor, body: DecisionBody, case: CaseFacts, officers: Officers, event_running: bool
) -> Verdict:
    """Whether `actor` may decide in the name of `body` in this case."""
    if body is DecisionBody.DIRECTOR_OR_BOARD_BVR:
        return _may_act_as_director_or_bvr(actor, case, officers)
    if body is DecisionBody.BOARD:
        return ALLOWED if actor.on_board else refuse("R-11.3", "rules-sanction-not-board")
    if body is DecisionBody.APPEALS_COMMITTEE:
        if not actor.has(Role.APPEALS_COMMITTEE):
            return refuse("R-16.2", "rules-sanction-not-committee")
        if case.appeal_heard_by is not DecisionBody.APPEALS_COMMITTEE:
            return refuse("R-16.2", "rules-sanction-committee-no-appeal")
        return ALLOWED
    return _may_act_as_contact_person(actor, event_running)


def _may_act_as_contact_person(actor: Actor, event_running: bool) -> Verdict:
    # the contact person's authority is on the spot, while the event runs.
    if not actor.has(Role.CONTACT_PERSON):
        return refuse("R-8.4", "rules-sanction-not-contact-person")
    if not event_running:
        return refuse("R-8.4", "rules-sanction-event-over")
    return ALLOWED


def _may_act_as_director_or_bvr(actor: Actor, case: CaseFacts, officers: Officers) -> Verdict:
    handler = responsible_role(case, officers)
    if handler is Role.BOARD:
        return refuse("R-10.1", "rules-handle-board-responsible")
    if handler is Role.BOARD_BVR:
        # took the case from the director: only the board member BVR decides.
        if actor.has(Role.BOARD_BVR):
            return ALLOWED
        return refuse("R-10.1", "rules-handle-board-bvr-responsible")
    # "The director and/or the board member BVR".
    if actor.has(Role.DIRECTOR, Role.BOARD_BVR):
        return ALLOWED
    return refuse("R-11.3", "rules-sanction-not-director")


def may_impose(
    actor: Actor,
    body: DecisionBody,
    sanction: SanctionType,
    case: CaseFacts,
    officers: Officers,
    *,
    director_sanctions: Collection[SanctionType] = DEFAULT_DIRECTOR_SANCTIONS,
    event_running: bool = False,
) -> Verdict:
    """Whether `actor`, deciding as `body`, may impose `sanction` in `case`.

    Checks in order: a bad-faith report is the board's (R-9.3), not involved (R-11.4),
    entitled to act as that body (R-10.1, R-11.3, R-16.2, R-8.4), and the body's authority
    over this type (R-11.3, R-8.4).
    `event_running` only matters for a contact person, whose authority ends with the event.
    """
    if case.category is Category.BAD_FAITH_REPORT and body is not DecisionBody.BOARD:
        return refuse("R-9.3", "rules-sanction-bad-faith-board")
    for verdict in (
        may_take_part_in_deciding(actor, case),
        _may_act_as(actor, body, case, officers, event_running),
        body_may_impose(body, sanction, director_sanctions),
    ):
        if not verdict:
            return verdict
    return ALLOWED


def check_terms(terms: SanctionTerms) -> Verdict:
    """R-11.1, R-11.2: whether what the sanction says is acceptable."""
    if terms.type is SanctionType.OTHER and not terms.justification.strip():
        return refuse("R-11.2", "rules-sanction-other-needs-justification")
    if terms.covers_alv and terms.against_member:
        # R-11.1(d): a member keeps the right to attend the general members' meeting.
        return refuse("R-11.1", "rules-sanction-alv")
    if terms.covers_alv and not terms.alv_reason.strip():
        # The ALV is left out by default (`alv_term`); including it is a recorded choice.
        return refuse("R-11.1", "rules-sanction-alv-reason")
    if terms.type in ONE_OFF and terms.ends_on is not None:
        return refuse("R-11.1", "rules-sanction-one-off-no-end")
    if terms.type is SanctionType.EVENT_EXCLUSION and terms.ends_on is None:
        # R-11.1(b) covers the current event only; longer is (d), the board's decision.
        return refuse("R-11.1", "rules-sanction-event-exclusion-needs-end")
    if terms.ends_on is not None and terms.ends_on <= terms.starts_on:
        return refuse("R-11.1", "rules-sanction-end-before-start")
    return ALLOWED


def alv_term(terms: SanctionTerms) -> str:
    """R-11.1(d): what an exclusion says about the general members' meeting (ALV), recorded
    with the sanction and shown in the register and the decision: "excepted" (the default:
    "uitgezonderd het uitsluiten van leden ... van de Algemene Ledenvergadering", and the desk
    cannot tell for certain who is a member), "included" (chosen with a recorded reason, never
    for a member, see `check_terms`), or "" for a sanction that is not an exclusion (d)."""
    if terms.type is not SanctionType.EXCLUSION:
        return ""
    return "included" if terms.covers_alv else "excepted"


def sanction_end(terms: SanctionTerms) -> date | None:
    """The day the sanction stops applying; `None` while it is indefinite.

    A one-off sanction is over once imposed, so it "ends" on its start date (R-15.4 counts the
    retention period from there).
    """
    if terms.type in ONE_OFF:
        return terms.starts_on
    return terms.ends_on


def in_force_on(terms: SanctionTerms, day: date) -> bool:
    """R-15.3, R-6.1(a): whether the sanction applies on `day` (a day in the association's zone).

    One-off sanctions are never "in force": a warning does not keep anyone out.
    """
    if terms.type in ONE_OFF:
        return False
    return terms.starts_on <= day and (terms.ends_on is None or day < terms.ends_on)


def excludes_on(terms: SanctionTerms, day: date) -> bool:
    """R-6.1(a): whether the sanction is an exclusion, (b) or (d), in force on `day`: what
    flags a participant in screening (a no-contact order in force is information only)."""
    return terms.type in EXCLUSIONS and in_force_on(terms, day)


def in_force_at(terms: SanctionTerms, moment: datetime, zone: ZoneInfo) -> bool:
    """Whether the sanction applies at `moment` (an aware datetime), judged by the local date."""
    if moment.tzinfo is None:
        raise ValueError("in_force_at needs an aware datetime")
    return in_force_on(terms, moment.astimezone(zone).date())


def superseded_on_appeal(
    decided: Iterable[tuple[int, datetime, bool]],
    appeal_outcomes: Iterable[tuple[datetime, str]],
) -> dict[int, tuple[str, int]]:
    """R-16.2: which sanctions an upheld appeal replaced or lifted, so a case shows and counts
    what stands once. `decided`: (sanction id, decided at, recorded by an appeal decision) in
    the order they were recorded; `appeal_outcomes`: (decided at, "replaced", "lifted" or ""
    when the appeal changed nothing), in order. An outcome concerns the sanctions decided up to
    its moment that no earlier outcome changed, except the one it recorded itself (the n-th
    sanction recorded on appeal belongs to the n-th replacing outcome). A one-off sanction (a
    warning) cannot be undone, yet once replaced it is no longer the decision in the case.
    Returns, per changed sanction, how and by which outcome (its index)."""
    rows = list(decided)
    own = iter([sid for sid, _at, on_appeal in rows if on_appeal])
    changed: dict[int, tuple[str, int]] = {}
    for index, (at, how) in enumerate(appeal_outcomes):
        recorded = next(own, None) if how == "replaced" else None
        if not how:
            continue
        for sanction_id, decided_at, _on_appeal in rows:
            if decided_at <= at and sanction_id != recorded and sanction_id not in changed:
                changed[sanction_id] = (how, index)
    return changed
