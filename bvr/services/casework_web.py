"""Reports through the public web form and the reporter's two-way channel (flow 2).

The receipt code (160 random bits, shown once) is the reporter's only handle: it is never
stored, only its SHA-256 (enough for a random code; nothing to brute-force) and the public key
of an X25519 *channel key* derived from it. Because the code is long and random, the derivation
is a keyed BLAKE2b with a per-receipt salt rather than Argon2id: stretching protects guessable
passphrases, and would cost every submission tens of milliseconds of CPU for nothing here.

- Handler to reporter: the text goes into the case file (correspondence, under the case key)
  and, sealed to the channel public key, into the channel. Only the code opens it.
- Reporter to handler: the text is sealed to the channel key (the reporter reads back what they
  wrote) and, under a fresh message key wrapped to every current key holder of the case, into
  an inbox. The first key holder who opens the case adopts it into the case file, and the
  inbox copy is wiped (`adopt_messages`).
Nothing on this path knows who the reporter is: no IP address, no user agent, no account.

Nothing lost: the receipt is written in the filing's own unit of work (`file_report(...,
along=...)`), with `source_key` "web:<hash>": the case and its receipt commit together, so
the code shown is always the code of a stored report. If filing fails, nothing is stored and
the page says the report was not received.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import re
import secrets
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

import nacl.encoding
import nacl.hash
import nacl.utils
from nacl.public import PrivateKey, PublicKey, SealedBox
from sqlalchemy import delete, event, select
from sqlalchemy.orm import Session

from bvr import notify, vault
from bvr.domain import INVESTIGATING_STATUSES, CaseStatus, Channel, Disclosure, EntryKind, PartyRole
from bvr.errors import BvrError
from bvr.i18n import LANGUAGES
from bvr.rules import appeals
from bvr.rules.deadlines import appeal_due, investigation_report_due
from bvr.rules.disclosure import CONTENT, Relation, content_of, disclosure_for, may_disclose
from bvr.rules.verdict import Verdict, require
from bvr.services import keyring
from bvr.services.attachments import Cleaned
from bvr.services.content import seal, unseal
from bvr.services.core import Core
from bvr.services.reports import PartyInput, ReportInput, file_report
from bvr.storage import audit
from bvr.storage.models import Case, CaseEntry, Event, Party, Person
from bvr.storage.models_web import ReporterMessage, ReporterMessageKey, WebReceipt

log = logging.getLogger(__name__)

CODE_BYTES = 20  # 160 bits: 32 base32 characters, shown in groups of four
TO_REPORTER = "to_reporter"
FROM_REPORTER = "from_reporter"
#: What a reporter may send: an answer, more information, or an appeal (R-16.1).
REPORTER_KINDS = ("answer", "info", "appeal")
#: What the desk may send, and the least disclosure each needs (R-13.2, R-13.3).
DESK_KINDS: dict[str, Disclosure] = {
    kind: CONTENT[kind] for kind in ("question", "info", "outcome", "report")
}
MAX_MESSAGE_CHARS = 20_000
#: Added to the stored kind of a message about topics (`casework.inform_party`), e.g.
#: "info:topics": the kind still says how much it discloses (R-13), and what it is about is
#: sealed with its text, `{"topics": [...], "text": "..."}`, so the channel names the topics.
WITH_TOPICS = ":topics"
#: What tells the reporter about the outcome: the status hint points at the messages only then.
OUTCOME_KINDS = frozenset({"outcome", "report"})
#: A reporter's message kind as the case file records it (`adopt_messages`).
ADOPTED_KIND = {"info": "more_info"}

#: The status a reporter sees: never more than where the case stands (R-13.1).
PUBLIC_STATUS = {
    CaseStatus.AWAITING_CONFIRMATION: "awaiting_confirmation",
    CaseStatus.RECEIVED: "received",
    CaseStatus.IN_HANDLING: "in_handling",
    CaseStatus.DECLINED: "declined",
    CaseStatus.DECIDED: "decided",
    CaseStatus.IN_APPEAL: "in_appeal",
    CaseStatus.CLOSED: "closed",
}


@dataclass(frozen=True)
class WebReport:
    """What the public form asks. `reporter_*` stay empty for an anonymous report (R-7.4)."""

    what_happened: str
    language: str
    where: str = ""
    incident_on: date | None = None
    anonymous: bool = False
    emergency: bool = False
    is_victim: bool = False
    reporter_name: str = ""
    reporter_contact: str = ""
    reporter_username: str = ""
    respondent_name: str = ""
    respondent_username: str = ""
    event_id: int | None = None  # an event of the register, when the reporter named one
    # The form page's random id: the same page sent twice files one report (see file_web_report).
    submission: str = ""


@dataclass(frozen=True)
class Alerted:
    """Who an emergency alert reached, by role and count, never by address: the receipt says
    it to the reporter, the log to the operator."""

    contacts: int = 0  # emergency contacts (config `emergency_contacts`) mailed
    key_holders: int = 0  # people who handle reports mailed
    failed: bool = False  # the mail server refused or could not be reached

    @property
    def anyone(self) -> bool:
        return not self.failed and (self.contacts + self.key_holders) > 0

    def __bool__(self) -> bool:  # "was anyone alerted?", as callers asked before counts
        return self.anyone


@dataclass(frozen=True)
class WebFiled:
    code: str  # shown once, never stored; "" when this form page was filed before
    number: str
    emergency: bool
    alerted: Alerted = field(default_factory=Alerted)
    received_at: datetime | None = None
    investigation_due: datetime | None = None  # the target, shown on the receipt
    named: bool = False  # the reporter gave a name or an address: the handlers know them
    anonymous: bool = False  # waits for confirmation
    email: bool = False  # and an email address, where they are told of new messages

    @property
    def repeated(self) -> bool:
        return not self.code


@dataclass(frozen=True)
class ChannelMessage:
    direction: str
    kind: str
    created_at: datetime
    text: str
    topics: tuple[str, ...] = ()  # what a handler's message is about (WITH_TOPICS)

    @property
    def about_outcome(self) -> bool:
        """Whether the handler told the reporter about the outcome (R-13.2, R-13.3) here."""
        return self.direction == TO_REPORTER and self.kind in OUTCOME_KINDS


@dataclass(frozen=True)
class AppealOffer:
    """R-16.1 to R-16.3 as the reporter's channel offers it: whether an appeal can be sent now,
    until when, and otherwise why not (a rule's message key)."""

    open: bool
    due: datetime | None = None
    reason: str = ""  # the refusal's message key when not open
    final: bool = False  # the decision is final inside the association
    # When the reporter asked to appeal this decision on the channel, while the desk has not
    # recorded the appeal yet: the request is acknowledged, and not offered again.
    requested: datetime | None = None


@dataclass(frozen=True)
class ChannelView:
    status: str  # a PUBLIC_STATUS value
    received_at: datetime
    messages: tuple[ChannelMessage, ...] = field(default_factory=tuple)
    appeal: AppealOffer = field(default_factory=lambda: AppealOffer(False))
    investigation_due: datetime | None = None  # while the report is being handled
    anonymous: bool = True  # the reporter chose not to say who they are

    @property
    def outcome_told(self) -> bool:
        """Whether a message about the outcome is on the channel: until then the page says the
        handler will tell, not that the outcome is in the messages."""
        return any(m.about_outcome for m in self.messages)


def new_code() -> str:
    raw = base64.b32encode(secrets.token_bytes(CODE_BYTES)).decode("ascii")
    return "-".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def normalise_code(text: str) -> str:
    """The code as typed, forgivingly: case, spaces and dashes do not matter, nor full-width
    letters (NFKC makes them ASCII). A letter or digit that is still not ASCII (`é`) cannot be
    in a code: such a code is unknown, like any other wrong code."""
    raw = "".join(ch for ch in unicodedata.normalize("NFKC", text).upper() if ch.isalnum())
    if not raw.isascii():
        raise BvrError("web-channel-unknown-code")
    return "-".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def code_hash(code: str) -> str:
    return hashlib.sha256(b"bvr-receipt\x00" + normalise_code(code).encode("ascii")).hexdigest()


def _channel_key(code: str, salt: bytes) -> PrivateKey:
    seed = nacl.hash.blake2b(normalise_code(code).encode("ascii"), digest_size=32,
                             salt=salt, person=b"bvr-web-channel", encoder=nacl.encoding.RawEncoder)
    return PrivateKey(seed)


def file_web_report(core: Core, report: WebReport,
                    attachments: Sequence[Cleaned] = ()) -> WebFiled:
    """File a report from the public form and hand out its receipt code (R-7.1, R-7.4), with
    the attachments (already checked and cleaned, `bvr.services.scrub`) sealed alongside."""
    code = new_code()
    hashed = code_hash(code)
    salt = nacl.utils.random(16)
    # Keyed by the form page, not the code: the same page sent again finds the first filing
    # (file_report is idempotent on source_key) and gets no second case and no second code.
    page = report.submission or secrets.token_urlsafe(24)
    source_key = f"web:{hashlib.sha256(page.encode('utf-8')).hexdigest()[:40]}"

    def receipt(session: Session, case: Case) -> None:  # committed with the report, or not
        session.add(WebReceipt(case_id=case.id, code_hash=hashed, source_key=source_key,
                               salt=salt,
                               channel_public_key=bytes(_channel_key(code, salt).public_key),
                               reporter_is_victim=report.is_victim, created_at=core.now()))

    received_at = core.now()
    filed = file_report(core, ReportInput(
        channel=Channel.WEB_FORM, what_happened=report.what_happened,
        incident_on=report.incident_on, where=report.where, parties=_parties(report),
        anonymous=report.anonymous, emergency=report.emergency, event_id=report.event_id,
        language=report.language, source_key=source_key), received_at, along=receipt,
        attachments=attachments)
    if not filed.new:
        return WebFiled("", filed.number, report.emergency)
    named = any(p.role is PartyRole.REPORTER for p in _parties(report))
    done = WebFiled(code, filed.number, report.emergency, received_at=received_at,
                    investigation_due=investigation_report_due(
                        received_at, core.config.zone, core.config.periods),
                    named=named, email=named and is_email(report.reporter_contact),
                    anonymous=report.anonymous)
    about = Emergency(event=_event_name(core, report.event_id), place=report.where)
    if not report.emergency:
        # Telling the key holders must not keep the reporter waiting on a slow mail server:
        # the report is committed and shows on the desk whether or not the mail goes out.
        threading.Thread(target=_alert_quietly,
                         args=(core, filed.number, False, filed.to_tell, about),
                         daemon=True, name="new-report-notice").start()
        return done
    # An emergency: the fast track, and the page must say whom the alert reached.
    return replace(done, alerted=_alert_quietly(core, filed.number, True, filed.to_tell, about))


@dataclass(frozen=True)
class Emergency:
    """What an emergency alert may say besides the case number: the event and the place the
    reporter named (where to go, whom to call), never what happened."""

    event: str = ""
    place: str = ""


def _event_name(core: Core, event_id: int | None) -> str:
    if event_id is None:
        return ""
    with core.database.transaction() as session:
        return session.scalars(select(Event.name).where(Event.id == event_id)).first() or ""


def _alert_quietly(core: Core, number: str, emergency: bool,
                   to_tell: Sequence[tuple[str, str]], about: Emergency) -> Alerted:
    try:
        return alert_new_report(core, number, emergency, to_tell, about)
    except Exception as error:
        # The report is committed: the reporter must get their code even when alerting fails
        # (nothing lost). The type only, as an exception's text could quote content.
        log.error("alert for %s failed: %s", number, type(error).__name__)
        return Alerted(failed=True)


def _parties(report: WebReport) -> tuple[PartyInput, ...]:
    parties = []
    if not report.anonymous and (report.reporter_name or report.reporter_contact
                                 or report.reporter_username):
        roles = (PartyRole.REPORTER, PartyRole.VICTIM) if report.is_victim \
            else (PartyRole.REPORTER,)
        parties += [PartyInput(role, report.reporter_name, report.reporter_username,
                               report.reporter_contact) for role in roles]
    if report.respondent_name or report.respondent_username:
        parties.append(PartyInput(PartyRole.RESPONDENT, report.respondent_name,
                                  report.respondent_username))
    return tuple(parties)


def alert_new_report(core: Core, number: str, emergency: bool,
                     to_tell: Sequence[tuple[str, str]],
                     about: Emergency | None = None) -> Alerted:
    """Tell the key holders a report arrived; an emergency also alerts the emergency contacts
    at once (fast track), with the event, the place and a desk link. Never with what was
    reported; a mail failure does not undo the filing. `to_tell` is (email, language) of the
    key holders, as filing returned them (`Filed`). Every emergency attempt is logged with
    counts, never addresses or content."""
    about = about or Emergency()
    reason = "emergency" if emergency else "new-report"
    details = {"event": about.event, "place": about.place,
               "link": notify.desk_link(core.config.web.public_url, number)} if emergency else {}
    notices = [notify.Notice(email, lang, number, reason, **details)
               for email, lang in to_tell]
    contacts = core.config.emergency_contacts if emergency else ()
    notices += [notify.Notice(to, core.config.language, number, "emergency", **details)
                for to in contacts]
    try:
        notify.send(core.config.mail, core.config.association, notices)
    except BvrError as error:
        log.error("notification for %s failed: %s", number, error)
        if emergency:
            log.error("emergency alert for %s NOT sent: %d emergency contacts, %d key "
                      "holders", number, len(contacts), len(to_tell))
        return Alerted(failed=True)
    if emergency:
        if contacts:
            log.warning("emergency alert for %s sent: %d emergency contacts, %d key holders",
                        number, len(contacts), len(to_tell))
        else:
            log.error("emergency alert for %s: no emergency contacts configured; %d key "
                      "holders told", number, len(to_tell))
    return Alerted(contacts=len(contacts), key_holders=len(to_tell))


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def is_email(contact: str) -> bool:
    """Whether a reporter's contact is an email address (rather than a phone number or a
    wiki username): only then are they told by email of new messages."""
    return bool(_EMAIL.fullmatch(contact.strip()))


def _receipt(session: Session, code: str) -> tuple[WebReceipt, Case]:
    receipt = session.scalars(select(WebReceipt).where(
        WebReceipt.code_hash == code_hash(code))).first()
    case = None if receipt is None else session.scalars(
        select(Case).where(Case.source_key == receipt.source_key)).first()
    if receipt is None or case is None or case.destroyed_at is not None:
        raise BvrError("web-channel-unknown-code")
    return receipt, case


def read_channel(core: Core, code: str) -> ChannelView:
    """What the reporter sees with their code: where the case stands and the messages."""
    with core.database.transaction() as session:
        receipt, case = _receipt(session, code)
        box = SealedBox(_channel_key(code, receipt.salt))
        rows = session.scalars(select(ReporterMessage).where(
            ReporterMessage.receipt_id == receipt.id).order_by(ReporterMessage.id))
        messages = tuple(_message(m, _open_text(box, m.for_reporter)) for m in rows)
        audit.append(session, at=core.now(), actor="reporter", action="channel-read",
                     case_id=case.id)
        due = investigation_report_due(case.received_at, core.config.zone,
                                       core.config.periods) \
            if case.status in INVESTIGATING_STATUSES else None
        return ChannelView(PUBLIC_STATUS[case.status], case.received_at, messages,
                           appeal_offer(session, core, case), due, anonymous=case.anonymous)


def _reporter_may_appeal(session: Session, core: Core, case: Case) -> Verdict:
    """R-16.1 to R-16.3 for the reporter, now: the same rule the desk applies when it records
    the appeal (`appeals.may_file_appeal`), so the channel never offers what would be refused.
    A running event (R-16.4) is left to the desk: the reporter may write, the appeal waits."""
    from bvr.services.casework_outcome import current_decision  # casework_outcome imports us

    return appeals.may_file_appeal((PartyRole.REPORTER,), current_decision(session, core, case),
                                   case.status, core.now(), core.config.zone,
                                   periods=core.config.periods)


def appeal_offer(session: Session, core: Core, case: Case) -> AppealOffer:
    """What the channel says about appealing: open until a date, asked for, or why not."""
    requested = _appeal_requested(session, case)
    if requested is not None:
        return AppealOffer(False, requested=requested)
    verdict = _reporter_may_appeal(session, core, case)
    decided = case.status in appeals.APPEALABLE or case.status is CaseStatus.IN_APPEAL
    final = decided and verdict.reason == "rules-appeal-final"
    if verdict:
        assert case.decision_announced_at is not None  # may_file_appeal checked it
        return AppealOffer(True, appeal_due(case.decision_announced_at, core.config.zone,
                                            core.config.periods))
    return AppealOffer(False, reason=verdict.reason or "", final=final)


def _appeal_requested(session: Session, case: Case) -> datetime | None:
    """The reporter's latest request to appeal the announced decision, while the case still
    stands decided (or declined): once the desk records the appeal the status says so."""
    if case.status not in appeals.APPEALABLE or case.decision_announced_at is None:
        return None
    asked = [at for at in pending_appeal_requests(session, case)
             if at >= case.decision_announced_at]
    return asked[-1] if asked else None


def _open_text(box: SealedBox[PrivateKey], sealed: bytes) -> str:
    text: str = box.decrypt(sealed).decode("utf-8")
    return text


def _message(row: ReporterMessage, opened: str) -> ChannelMessage:
    if not row.kind.endswith(WITH_TOPICS):
        return ChannelMessage(row.direction, row.kind, row.created_at, opened)
    content = json.loads(opened)
    return ChannelMessage(row.direction, row.kind.removesuffix(WITH_TOPICS), row.created_at,
                          str(content["text"]), tuple(str(t) for t in content["topics"]))


def reporter_writes(core: Core, code: str, text: str, kind: str) -> None:
    """The reporter answers, adds information or appeals (R-16.1), without saying who they are."""
    if kind not in REPORTER_KINDS:
        raise BvrError("web-channel-error-kind")
    _check_text(text)
    with core.database.transaction() as session:
        receipt, case = _receipt(session, code)
        if kind == "appeal":
            # the same rule as on the desk, in the reporter's words.
            verdict = _reporter_may_appeal(session, core, case)
            if not verdict:
                raise BvrError(verdict.reason, **verdict.params)
        message_key = vault.new_data_key()
        message = ReporterMessage(
            receipt_id=receipt.id, direction=FROM_REPORTER, kind=kind, created_at=core.now(),
            for_reporter=SealedBox(PublicKey(receipt.channel_public_key)).encrypt(
                text.encode("utf-8")),
            inbox_ciphertext=seal(message_key, {"text": text, "kind": kind}))
        session.add(message)
        session.flush()
        # the message key goes to the case's readers now (`keyring.channel_readers`).
        record = keyring.Record(keyring.Kind.CHANNEL, message.id)
        keyring.reconcile(session, core, record,
                          keyring.Keys(actor="reporter", known={record: message_key}))
        holders = list(session.scalars(select(Person).join(
            ReporterMessageKey, ReporterMessageKey.person_id == Person.id).where(
            ReporterMessageKey.message_id == message.id).order_by(Person.id)))
        audit.append(session, at=core.now(), actor="reporter", action=f"channel-{kind}",
                     case_id=case.id)
        number = case.address
    notices = [notify.Notice(p.email, p.language, number, "message") for p in holders if p.email]
    try:
        notify.send(core.config.mail, core.config.association, notices)
    except BvrError as error:
        log.error("notification for %s failed: %s", number, error)


def _check_text(text: str) -> None:
    if not text.strip():
        raise BvrError("web-message-empty")
    if len(text) > MAX_MESSAGE_CHARS:
        raise BvrError("web-message-too-long-count", num_typed=len(text),
                       num_maximum=MAX_MESSAGE_CHARS)


def receipt_of(session: Session, case: Case) -> WebReceipt | None:
    if case.source_key is None or not case.source_key.startswith("web:"):
        return None
    return session.scalars(select(WebReceipt).where(
        WebReceipt.source_key == case.source_key)).first()


def reporter_relation(receipt: WebReceipt) -> Relation:
    """R-13.2, R-13.3: how the web reporter stands to the case, as they said on the form."""
    return Relation.VICTIM if receipt.reporter_is_victim else Relation.REPORTER_NOT_VICTIM


def reporter_disclosure(receipt: WebReceipt) -> Disclosure:
    """R-13.2, R-13.3: a reporter who is the victim may receive the (redacted) report; any
    other reporter hears the outline only."""
    return disclosure_for(reporter_relation(receipt))


def write_to_reporter(session: Session, core: Core, person: Person, case: Case,
                      data_key: bytes, text: str, kind: str,
                      topics: Sequence[str] = ()) -> None:
    """Inside an opened case: send the reporter a message through their channel, within what
    R-13 lets them learn, and keep the same text in the case file. A message about `topics`
    (`casework.inform_party`) is labelled with them on the channel, not with its kind."""
    if kind not in DESK_KINDS or set(topics) - set(CONTENT):
        raise BvrError("web-channel-error-kind")
    _check_text(text)
    receipt = receipt_of(session, case)
    if receipt is None:
        raise BvrError("web-no-channel", number=case.address)
    require(may_disclose(reporter_relation(receipt), DESK_KINDS[kind]))
    require(may_disclose(reporter_relation(receipt), content_of(topics)))
    now = core.now()
    shown = json.dumps({"topics": list(topics), "text": text}) if topics else text
    session.add(ReporterMessage(
        receipt_id=receipt.id, direction=TO_REPORTER, kind=kind + WITH_TOPICS if topics else kind,
        created_at=now, for_reporter=SealedBox(PublicKey(receipt.channel_public_key)).encrypt(
            shown.encode("utf-8"))))
    session.add(CaseEntry(case_id=case.id, kind=EntryKind.CORRESPONDENCE, created_at=now,
                          author_id=person.id, ciphertext=seal(data_key, {
                              "to": "reporter", "kind": kind, "text": text})))
    audit.append(session, at=now, actor=f"person:{person.id}", action=f"reporter-{kind}",
                 case_id=case.id)
    _tell_reporter_after_commit(session, core, case, data_key)


def reporter_address(session: Session, case: Case, data_key: bytes) -> tuple[str, str] | None:
    """The email address and language of a named web reporter, when they gave one."""
    for party in session.scalars(select(Party).where(Party.case_id == case.id,
                                                     Party.role == PartyRole.REPORTER)):
        contact = str(unseal(data_key, party.ciphertext).get("contact") or "")
        if is_email(contact):
            report = session.scalars(select(CaseEntry.ciphertext).where(
                CaseEntry.case_id == case.id, CaseEntry.kind == EntryKind.REPORT)
                .order_by(CaseEntry.id)).first()
            language = unseal(data_key, report).get("language") if report else None
            return contact.strip(), str(language or "en")
    return None


def _tell_reporter_after_commit(session: Session, core: Core, case: Case,
                                data_key: bytes) -> None:
    """A named reporter with an email address hears that there is a message for them, never
    what it says: only once the message is committed (a rolled-back one was never sent)."""
    found = reporter_address(session, case, data_key)
    if found is None:
        return
    address, language = found
    if language not in LANGUAGES:
        language = core.config.language
    notice = notify.Notice(address, language, case.address, "reporter-message",
                           link=f"{core.config.web.public_url.rstrip('/')}/channel")

    def send(_: Session) -> None:
        try:
            notify.send(core.config.mail, core.config.association, [notice])
        except BvrError as error:  # the message is on the channel whether or not mail works
            log.error("notification for %s failed: %s", notice.number, error)

    event.listen(session, "after_commit", send, once=True)


def adopt_messages(session: Session, core: Core, person: Person, case: Case,
                   key: vault.UnlockedKey, data_key: bytes) -> int:
    """Move the reporter's unread messages into the case file, sealed with the case key, and
    wipe their inbox copies. Returns how many were adopted."""
    receipt = receipt_of(session, case)
    if receipt is None:
        return 0
    rows = session.execute(select(ReporterMessage, ReporterMessageKey.wrapped_key).join(
        ReporterMessageKey, ReporterMessageKey.message_id == ReporterMessage.id).where(
        ReporterMessage.receipt_id == receipt.id, ReporterMessage.adopted_at.is_(None),
        ReporterMessageKey.person_id == person.id).order_by(ReporterMessage.id)).all()
    for message, wrapped in rows:
        assert message.inbox_ciphertext is not None
        content: dict[str, Any] = unseal(key.unwrap(wrapped), message.inbox_ciphertext)
        # The reporter's "more information" is information about the case, not the desk's
        # "information about the process": it gets its own kind in the file.
        content["kind"] = ADOPTED_KIND.get(content.get("kind", ""), content.get("kind"))
        session.add(CaseEntry(case_id=case.id, kind=EntryKind.CORRESPONDENCE,
                              created_at=message.created_at, author_id=None,
                              ciphertext=seal(data_key, {"from": "reporter", **content})))
        message.adopted_at = core.now()
        message.inbox_ciphertext = None
        session.execute(delete(ReporterMessageKey).where(
            ReporterMessageKey.message_id == message.id))
        audit.append(session, at=core.now(), actor=f"person:{person.id}",
                     action="channel-adopted", case_id=case.id)
    return len(rows)


def pending_appeal_requests(session: Session, case: Case) -> list[datetime]:
    """When the reporter asked to appeal through the channel (R-16.3 counts from then)."""
    receipt = receipt_of(session, case)
    if receipt is None:
        return []
    return list(session.scalars(select(ReporterMessage.created_at).where(
        ReporterMessage.receipt_id == receipt.id, ReporterMessage.kind == "appeal",
        ReporterMessage.direction == FROM_REPORTER).order_by(ReporterMessage.id)))
