"""Filing a report: every report becomes a case file with its own number (R-15.1); an
anonymous one gets its number only when it is confirmed (R-7.4), and a pending reference until
then (docs/decisions/0014).

Filing needs no one's passphrase: the report is encrypted with a new data key that is wrapped
to the public keys of the people who may open the file (R-15.2), leaving out any of them who
is named as a party (R-10.1: nobody opens a file about themselves). The same function serves
the wiki intake, the public web form and staff entering oral or written reports (R-7.2).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bvr import vault
from bvr.casenumber import CaseNumber, new_pending_reference
from bvr.domain import CaseStatus, Channel, EntryKind, PartyRole
from bvr.errors import BvrError
from bvr.i18n import LANGUAGES
from bvr.rules import access, anonymous
from bvr.rules.facts import CaseFacts
from bvr.services import attachments as attached
from bvr.services import facts
from bvr.services.attachments import Cleaned
from bvr.services.content import seal
from bvr.services.core import Core
from bvr.storage import audit
from bvr.storage.models import Case, CaseEntry, CaseKey, Party, Person

#: The default limit of a report's text in bytes (UTF-8): `config.intake.max_report_kb`.
MAX_TEXT_BYTES = 256 * 1024
#: The raw copy (wikitext with markup, every revision of a page edited again) may be this many
#: times the text limit; more is not a report but an attack.
RAW_FACTOR = 4
_NUMBER_ATTEMPTS = 5


@dataclass(frozen=True)
class PartyInput:
    role: PartyRole
    name: str = ""
    username: str = ""  # a wiki username: also stored as a blind index for screening
    contact: str = ""


@dataclass(frozen=True)
class ReportInput:
    channel: Channel
    what_happened: str
    incident_on: date | None = None
    where: str = ""
    parties: tuple[PartyInput, ...] = ()
    anonymous: bool = False
    emergency: bool = False
    language: str = "nl"
    during_event: bool = False
    event_id: int | None = None
    source_key: str | None = None  # e.g. "wiki:nl:12345": a second filing is a no-op
    raw: str = ""  # the original wikitext or form data, kept inside the encrypted record
    entered_by: str = ""  # the staff member who entered an oral or written report


@dataclass(frozen=True)
class Filed:
    number: str
    new: bool  # False when the same source was filed before (idempotent re-run)
    status: CaseStatus
    readers: int  # how many people the file was shared with
    # (email, language) of those readers who have an email address: whom to tell that a
    # report arrived, without reading the file's keys again.
    to_tell: tuple[tuple[str, str], ...] = ()


#: Work an adapter does in the filing's own unit of work (the web form's receipt), so the
#: report and what belongs to it are committed together or not at all.
Along = Callable[[Session, Case], None]


def file_report(core: Core, report: ReportInput, received_at: datetime | None = None, *,
                along: Along | None = None,
                attachments: Sequence[Cleaned] = ()) -> Filed:
    _validate(report, core.config.intake.max_report_kb * 1024)
    received_at = received_at or core.now()
    for _attempt in range(_NUMBER_ATTEMPTS):
        try:
            with core.database.transaction() as session:
                if report.source_key is not None:
                    existing = session.scalars(
                        select(Case).where(Case.source_key == report.source_key)).first()
                    if existing is not None:
                        return Filed(existing.address, False, existing.status, 0)
                return _store(session, core, report, received_at, along, attachments)
        except IntegrityError:
            # Two filings took the same sequence number at once (possible only where units
            # of work are not serialised, see bvr/storage/db.py): take the next.
            continue
    raise BvrError("core-report-busy")


def _store(session: Session, core: Core, report: ReportInput, received_at: datetime,
           along: Along | None, attachments: Sequence[Cleaned] = ()) -> Filed:
    indexes = {p.username: core.blind_index(p.username) for p in report.parties if p.username}
    involved = facts.involvement(session, core, ((indexes[p.username], p.role)
                                                 for p in report.parties if p.username))
    case_facts = CaseFacts.build(involved, during_event=report.during_event)
    holders = access.case_key_holders(case_facts, facts.officers(session))
    readers = [person for person in session.scalars(select(Person).where(
        Person.id.in_(holders), Person.public_key.is_not(None)).order_by(Person.id))]
    if not readers:
        raise BvrError("core-report-no-readers")

    status = anonymous.initial_status(report.anonymous)
    case = Case(status=status, channel=report.channel, anonymous=report.anonymous,
                emergency=report.emergency, during_event=report.during_event,
                event_id=report.event_id, source_key=report.source_key,
                incident_on=report.incident_on, received_at=received_at)
    if status is CaseStatus.AWAITING_CONFIRMATION:
        case.reference = new_pending_reference()  # no case number yet
    else:
        give_number(session, core, case, received_at)
    session.add(case)
    session.flush()

    data_key = vault.new_data_key()
    for person in readers:
        assert person.public_key is not None
        session.add(CaseKey(case_id=case.id, person_id=person.id,
                            wrapped_key=vault.wrap(data_key, person.public_key)))
    content = {key: value for key, value in asdict(report).items()
               if key not in {"parties", "incident_on", "event_id"}}
    session.add(CaseEntry(case_id=case.id, kind=EntryKind.REPORT, created_at=received_at,
                          ciphertext=seal(data_key, content)))
    for party in report.parties:
        session.add(Party(case_id=case.id, role=party.role,
                          blind_index=indexes.get(party.username),
                          ciphertext=seal(data_key, asdict(party))))
    # Sealed with the same key in the same unit of work: a report never lands without them.
    attached.store(session, case.id, data_key, attachments, received_at)
    audit.append(session, at=core.now(), actor=report.entered_by or report.channel.value,
                 action="report-filed", case_id=case.id)
    if along is not None:
        along(session, case)
    return Filed(case.address, True, status, len(readers),
                 tuple((person.email, person.language) for person in readers if person.email))


def give_number(session: Session, core: Core, case: Case, at: datetime) -> None:
    """Give `case` the next case number of the year of `at` (R-15.1): a named report when it
    is filed, an anonymous one when it is confirmed (R-7.4). Units of work run one at a time
    (docs/decisions/0004), so nobody takes the same number in between."""
    year = at.astimezone(core.config.zone).year
    case.year = year
    case.sequence = 1 + (session.scalar(select(func.max(Case.sequence))
                                        .where(Case.year == year)) or 0)
    case.number = str(CaseNumber(core.config.case_prefix, year, case.sequence))


def text_bytes(report: ReportInput) -> int:
    """The size of a report's own text (what, where, the parties), in UTF-8 bytes."""
    return len(report.what_happened.encode()) + len(report.where.encode()) + sum(
        len(p.name.encode()) + len(p.username.encode()) + len(p.contact.encode())
        for p in report.parties)


def _validate(report: ReportInput, limit: int = MAX_TEXT_BYTES) -> None:
    if not report.what_happened.strip():
        raise BvrError("core-report-empty")
    text = text_bytes(report)
    if text > limit or len(report.raw.encode()) > RAW_FACTOR * limit:
        raise BvrError("core-report-too-long", maximum=limit // 1024)
    if report.language not in LANGUAGES:
        raise BvrError("core-report-language", language=report.language,
                       choices=", ".join(LANGUAGES))
    if report.anonymous and any(p.role is PartyRole.REPORTER for p in report.parties):
        raise BvrError("core-report-anonymous-with-reporter")

