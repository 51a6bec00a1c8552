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
import logging
import secrets
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import nacl.encoding
import nacl.hash
import nacl.utils
from nacl.public import PrivateKey, PublicKey, SealedBox
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bvr import notify, vault
from bvr.domain import CaseStatus, Channel, Disclosure, EntryKind, PartyRole
from bvr.errors import BvrError
from bvr.rules import appeals
from bvr.rules.disclosure import CONTENT, Relation, disclosure_for, may_disclose
from bvr.rules.verdict import require
from bvr.services import keyring
from bvr.services.content import seal, unseal
from bvr.services.core import Core
from bvr.services.reports import PartyInput, ReportInput, file_report
from bvr.storage import audit
from bvr.storage.models import Case, CaseEntry, Person
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
    # The form page's random id: the same page sent twice files one report (see file_web_report).
    submission: str = ""


@dataclass(frozen=True)
class WebFiled:
    code: str  # shown once, never stored; "" when this form page was filed before
    number: str
    emergency: bool
    alerted: bool = True  # the notices went out; False tells an emergency reporter to call 112

    @property
    def repeated(self) -> bool:
        return not self.code


@dataclass(frozen=True)
class ChannelMessage:
    direction: str
    kind: str
    created_at: datetime
    text: str


@dataclass(frozen=True)
class ChannelView:
    status: str  # a PUBLIC_STATUS value
    received_at: datetime
    messages: tuple[ChannelMessage, ...] = field(default_factory=tuple)


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


def file_web_report(core: Core, report: WebReport) -> WebFiled:
    """File a report from the public form and hand out its receipt code (R-7.1, R-7.4)."""
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

    filed = file_report(core, ReportInput(
        channel=Channel.WEB_FORM, what_happened=report.what_happened,
        incident_on=report.incident_on, where=report.where, parties=_parties(report),
        anonymous=report.anonymous, emergency=report.emergency,
        language=report.language, source_key=source_key), along=receipt)
    if not filed.new:
        return WebFiled("", filed.number, report.emergency)
    if not report.emergency:
        # Telling the key holders must not keep the reporter waiting on a slow mail server:
        # the report is committed and shows on the desk whether or not the mail goes out.
        threading.Thread(target=_alert_quietly, args=(core, filed.number, False, filed.to_tell),
                         daemon=True, name="new-report-notice").start()
        return WebFiled(code, filed.number, False, True)
    # An emergency: the fast track, and the page must say whether the alert went out.
    return WebFiled(code, filed.number, True,
                    _alert_quietly(core, filed.number, True, filed.to_tell))


def _alert_quietly(core: Core, number: str, emergency: bool,
                   to_tell: Sequence[tuple[str, str]]) -> bool:
    try:
        return alert_new_report(core, number, emergency, to_tell)
    except Exception as error:
        # The report is committed: the reporter must get their code even when alerting fails
        # (nothing lost). The type only, as an exception's text could quote content.
        log.error("alert for %s failed: %s", number, type(error).__name__)
        return False


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
                     to_tell: Sequence[tuple[str, str]]) -> bool:
    """Tell the key holders a report arrived; an emergency also alerts the emergency contacts
    at once (fast track). Never with content; a mail failure does not undo the filing.
    `to_tell` is (email, language) of the key holders, as filing returned them (`Filed`).
    Returns whether anyone was told."""
    reason = "emergency" if emergency else "new-report"
    notices = [notify.Notice(email, lang, number, reason) for email, lang in to_tell]
    if emergency:
        notices += [notify.Notice(to, core.config.language, number, "emergency")
                    for to in core.config.emergency_contacts]
    try:
        notify.send(core.config.mail, core.config.association, notices)
    except BvrError as error:
        log.error("notification for %s failed: %s", number, error)
        return False
    return bool(notices)


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
        messages = tuple(ChannelMessage(m.direction, m.kind, m.created_at,
                                        _open_text(box, m.for_reporter)) for m in rows)
        audit.append(session, at=core.now(), actor="reporter", action="channel-read",
                     case_id=case.id)
        return ChannelView(PUBLIC_STATUS[case.status], case.received_at, messages)


def _open_text(box: SealedBox[PrivateKey], sealed: bytes) -> str:
    text: str = box.decrypt(sealed).decode("utf-8")
    return text


def reporter_writes(core: Core, code: str, text: str, kind: str) -> None:
    """The reporter answers, adds information or appeals (R-16.1), without saying who they are."""
    if kind not in REPORTER_KINDS:
        raise BvrError("web-channel-error-kind")
    _check_text(text)
    with core.database.transaction() as session:
        receipt, case = _receipt(session, code)
        if kind == "appeal":
            # the same rule as on the desk, in the reporter's words.
            verdict = appeals.may_appeal_in_status(case.status)
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
        number = case.number
    notices = [notify.Notice(p.email, p.language, number, "message") for p in holders if p.email]
    try:
        notify.send(core.config.mail, core.config.association, notices)
    except BvrError as error:
        log.error("notification for %s failed: %s", number, error)


def _check_text(text: str) -> None:
    if not text.strip():
        raise BvrError("web-message-empty")
    if len(text) > MAX_MESSAGE_CHARS:
        raise BvrError("web-message-too-long", num_maximum=MAX_MESSAGE_CHARS)


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
                      data_key: bytes, text: str, kind: str) -> None:
    """Inside an opened case: send the reporter a message through their channel, within what
    R-13 lets them learn, and keep the same text in the case file."""
    if kind not in DESK_KINDS:
        raise BvrError("web-channel-error-kind")
    _check_text(text)
    receipt = receipt_of(session, case)
    if receipt is None:
        raise BvrError("web-no-channel", number=case.number)
    require(may_disclose(reporter_relation(receipt), DESK_KINDS[kind]))
    now = core.now()
    session.add(ReporterMessage(
        receipt_id=receipt.id, direction=TO_REPORTER, kind=kind, created_at=now,
        for_reporter=SealedBox(PublicKey(receipt.channel_public_key)).encrypt(
            text.encode("utf-8"))))
    session.add(CaseEntry(case_id=case.id, kind=EntryKind.CORRESPONDENCE, created_at=now,
                          author_id=person.id, ciphertext=seal(data_key, {
                              "to": "reporter", "kind": kind, "text": text})))
    audit.append(session, at=now, actor=f"person:{person.id}", action=f"reporter-{kind}",
                 case_id=case.id)


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
