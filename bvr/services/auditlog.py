"""Reading the audit log on the desk (R-14.3): one page at a time, filtered by case, person and
action, each record told as a sentence in the reader's language.

Records are stored as short ids (`login-local`, `status:received->in_handling`,
`sanction:warning`, see `bvr.storage.audit`); `describe` turns one into a message, naming the
enumeration values (a status, a sanction type) in the reader's words. Every id the code writes
has a message in `bvr/i18n/audit/` (`tests/services/test_auditlog.py` holds the code to it).

The hash chain is checked from the last record found whole (ADR 0019): a page costs the records
written since, not the whole log, so the page stays fast at hundreds of thousands of records;
`bvr audit verify` checks the whole chain.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from bvr.domain import Category, EntryKind, Role, SanctionType
from bvr.errors import BvrError
from bvr.i18n import catalogue, translate
from bvr.rules.verdict import refuse, require
from bvr.services import people
from bvr.services.core import Core
from bvr.storage import audit
from bvr.storage.models import AuditRecord, Case, JobState, Person

#: R-14.3: the board member BVR reads the audit log.
AUDIT_ROLES = frozenset({Role.BOARD_BVR})
#: Where the last record found whole is kept between readings (`bvr.storage.audit.verify`).
CHECKPOINT = "audit-verified"
PAGE_SIZES = (25, 50, 100, 200)
PAGE_SIZE = 50

#: Actions written with an argument after a colon, and the enumeration it names.
_ARGUMENT_LABELS: dict[str, tuple[str, type]] = {
    "sanction": ("desk-sanction", SanctionType),
    "sanction-lifted": ("desk-sanction", SanctionType),
    "entry-added": ("desk-entry", EntryKind),
    "board-motion": ("board-motion", str),  # what the board votes on: sanction, appeal
}
#: The kinds of action written with an argument ("status:received->in_handling").
ARGUMENT_FAMILIES = frozenset({"status", "step", *_ARGUMENT_LABELS})
#: Details that point at a stored row ("motion:12", "screening_run:3"): the reader's word for
#: the row, with its number. Written out, so every key is seen where it is used.
_REFERENCES = {"motion": "audit-detail-motion", "note": "audit-detail-note",
               "screening_note": "audit-detail-note", "run": "audit-detail-run",
               "screening_run": "audit-detail-run", "channel": "audit-detail-channel",
               "incident": "audit-detail-incident", "sanction": "audit-detail-sanction",
               "event": "audit-detail-event", "platform": "audit-detail-platform",
               "schedule": "audit-detail-schedule"}
#: Details that count something ("missing:3", "parties:2").
_COUNTS = {"missing": "audit-detail-missing", "parties": "audit-detail-parties",
           "rows": "audit-detail-rows"}
#: Single-word details and the message saying them.
_WORDS = {"board:without-file": "audit-detail-board-without-file",
          "upheld": "audit-detail-upheld", "dismissed": "audit-detail-dismissed",
          "for": "web-board-vote-for", "against": "web-board-vote-against"}
#: Enumeration values a detail may name, and where their words are (`webhook.i18n.label`).
_VALUE_PREFIXES = ("desk-role", "desk-body", "desk-party", "desk-category", "desk-sanction")
#: Actors that are not people: the jobs and the channels that write records.
SYSTEM_ACTORS = ("cli", "intake", "remind", "acks", "retention", "reporter", "screening",
                 "wiki_form", "web_form", "oral", "written", "on_site", "ex_officio")


def _label(prefix: str, value: str, lang: str) -> str:
    """The desk's word for an enumeration value, as `webhook.i18n.label` finds it."""
    key = f"web-{prefix}-{value.replace('_', '-')}"
    return translate(key, lang) if key in catalogue("en") else value


def family(action: str) -> str:
    """The kind of action a record is, what the filter offers: `status`, `sanction`,
    `entry-added` ... for actions with an argument, else the action itself."""
    return action.split(":", 1)[0]


def describe(action: str, lang: str) -> str:
    """One record's action as a sentence in `lang`; an id no message knows is shown as it is
    (the test of this module keeps that from happening for the ids the code writes)."""
    kind, _, argument = action.partition(":")
    if kind == "step" and ":" in argument:  # "step:hearing:held" (bvr.rules.investigation)
        step, _, outcome = argument.partition(":")
        key = f"audit-step-{step.replace('_', '-')}"
        return translate("audit-action-step", lang,
                         step=translate(key, lang) if key in catalogue("en") else step,
                         outcome=_label("steps-outcome", outcome, lang))
    if kind == "status" and "->" in argument:
        before, after = argument.split("->", 1)
        return translate("audit-action-status", lang,
                         before=_label("desk-status", before, lang),
                         after=_label("desk-status", after, lang))
    if kind in _ARGUMENT_LABELS and argument:
        prefix, _enum = _ARGUMENT_LABELS[kind]
        return translate(f"audit-action-{kind}", lang, what=_label(prefix, argument, lang))
    key = f"audit-action-{action}"
    return translate(key, lang) if key in catalogue("en") else action


def family_text(kind: str, lang: str) -> str:
    """A kind of action as the filter offers it: "Status changed", "Sanction imposed"."""
    if kind in ARGUMENT_FAMILIES:
        return translate(f"audit-kind-{kind}", lang)
    return describe(kind, lang)


def actor_text(actor: str, names: dict[int, str], lang: str) -> str:
    """Who acted: an officer by name, a job or a channel by its description."""
    kind, _, ident = actor.partition(":")
    if kind == "person" and ident.isdigit():
        return names.get(int(ident), actor)
    key = f"audit-actor-{actor.replace('_', '-')}"
    return translate(key, lang) if key in catalogue("en") else actor


def detail_text(action: str, detail: str, names: dict[int, str], numbers: dict[int, str],
                lang: str) -> str:
    """A record's detail, with people and cases by name and number instead of ids."""
    if family(action) == "triaged" and detail in set(Category):
        return _label("desk-category", detail, lang)
    if detail == "on-appeal":
        return translate("audit-detail-on-appeal", lang)
    if detail == "external":
        return translate("audit-detail-external", lang)
    return " ".join(_detail_word(word, names, numbers, lang) for word in detail.split())


def _detail_word(word: str, names: dict[int, str], numbers: dict[int, str], lang: str) -> str:
    """One word of a detail in the reader's words: a person by name, a case by number, a row
    by its kind and number, a count in a sentence, an enumeration value by its label; what no
    message knows (a number, a requirement's id) as it is."""
    if word in _WORDS:
        return translate(_WORDS[word], lang)
    kind, _, ident = word.partition(":")
    if kind == "person" and ident.isdigit():
        return names.get(int(ident), word)
    if kind in {"case", "case_file"} and ident.isdigit():
        return numbers.get(int(ident), word)
    if kind in _REFERENCES and ident:
        ident, _, rest = ident.partition(":")  # "motion:12:for", "motion:12:2/3"
        said = translate(_REFERENCES[kind], lang, id=ident)
        return f"{said} {_detail_word(rest, names, numbers, lang)}" if rest else said
    if kind in _COUNTS and ident.isdigit():
        return translate(_COUNTS[kind], lang, num=int(ident))
    for prefix in _VALUE_PREFIXES:
        if f"web-{prefix}-{word.replace('_', '-')}" in catalogue("en"):
            return _label(prefix, word, lang)
    return word


@dataclass(frozen=True)
class Filter:
    """What the reader asked to see: one case (its number), one person, one kind of action."""

    case: str = ""
    person: str = ""
    action: str = ""

    @property
    def active(self) -> bool:
        return bool(self.case or self.person or self.action)


@dataclass(frozen=True)
class Line:
    at: datetime
    actor: str
    action: str
    case_number: str
    detail: str


@dataclass(frozen=True)
class AuditPage:
    lines: tuple[Line, ...]
    number: int
    size: int
    total: int
    whole: bool
    people: tuple[str, ...]  # the filter's choices
    families: tuple[str, ...]

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))


def _where(session: Session, wanted: Filter) -> ColumnElement[bool] | None:
    """The records `wanted` selects; BvrError when its case or person is not known."""
    parts: list[ColumnElement[bool]] = []
    if wanted.case:
        case_id = session.scalars(select(Case.id).where(
            Case.number == wanted.case.strip().upper())).first()
        if case_id is None:
            raise BvrError("audit-filter-case-unknown", number=wanted.case)
        parts.append(AuditRecord.case_id == case_id)
    if wanted.person:
        person_id = session.scalars(select(Person.id).where(
            Person.username == wanted.person)).first()
        if person_id is None:
            raise BvrError("audit-filter-person-unknown", name=wanted.person)
        parts.append(AuditRecord.actor == f"person:{person_id}")
    if wanted.action in ARGUMENT_FAMILIES:
        # Every "status:..." record. A prefix match, not a range: MariaDB's collations do
        # not order ":" before ";" as SQLite's binary one does.
        parts.append(AuditRecord.action.startswith(wanted.action + ":", autoescape=True))
    elif wanted.action:
        parts.append(AuditRecord.action == wanted.action)
    return and_(*parts) if parts else None


def verify_from_checkpoint(session: Session) -> bool:
    """Whether the chain is whole, checked from the last record found whole before; the
    checkpoint moves to the newest record when it is."""
    row = session.get(JobState, CHECKPOINT)
    since = audit.Checkpoint.decode(row.value) if row else None
    broken, newest = audit.verify_since(session, since)
    if broken is not None:
        return False
    if newest is not None:
        if row is None:
            session.add(JobState(name=CHECKPOINT, value=newest.encode()))
        else:
            row.value = newest.encode()
    return True


def read(core: Core, username: str, wanted: Filter, lang: str, page: int = 1,
         size: int = PAGE_SIZE) -> AuditPage:
    """R-14.3: one page of the audit log (it holds no content), newest first, for the board
    member BVR; and whether the hash chain is whole."""
    size = size if size in PAGE_SIZES else PAGE_SIZE
    with core.database.transaction() as session:
        person = people.get(session, username)
        if not people.current_roles(session, person.id) & AUDIT_ROLES:
            require(refuse("R-14.3", "web-audit-board-bvr-only"))
        whole = verify_from_checkpoint(session)
        where = _where(session, wanted)
        counted = select(func.count(AuditRecord.id))
        total = session.scalar(counted if where is None else counted.where(where)) or 0
        number = min(max(1, page), max(1, -(-total // size)))
        # The page's ids first, then their case numbers: joining before the limit would look
        # up a case for every record the filter selects, not only the page's.
        ids = select(AuditRecord.id).order_by(AuditRecord.id.desc())
        paged = (ids if where is None else ids.where(where)).offset(
            (number - 1) * size).limit(size).subquery()
        rows = session.execute(
            select(AuditRecord.at, AuditRecord.actor, AuditRecord.action, AuditRecord.detail,
                   Case.number)
            .join(paged, paged.c.id == AuditRecord.id)
            .outerjoin(Case, Case.id == AuditRecord.case_id)
            .order_by(AuditRecord.id.desc())).all()
        # Officers by name: the reader knows them, and "person:7" tells her nothing. Records
        # never name a party who is not an officer, so no one else can appear here.
        names = dict(session.execute(select(Person.id, Person.username)).all())
        linked = {int(word[5:]) for r in rows for word in r.detail.split()
                  if word.startswith("case:") and word[5:].isdigit()}
        numbers = {case_id: number or reference or "" for case_id, number, reference in
                   session.execute(select(Case.id, Case.number, Case.reference).where(
                       Case.id.in_(linked)))} if linked else {}
        lines = tuple(Line(r.at, actor_text(r.actor, names, lang), describe(r.action, lang),
                           r.number or "", detail_text(r.action, r.detail, names, numbers, lang))
                      for r in rows)
        families = tuple(sorted(k.removeprefix("audit-action-") for k in catalogue("en")
                                if k.startswith("audit-action-")))
        audit.append(session, at=core.now(), actor=f"person:{person.id}", action="audit-read")
        return AuditPage(lines, number, size, total, whole, tuple(sorted(names.values())),
                         families)

