"""Tables of the web service (issue 4): receipts of web reports and the reporter's two-way
channel, two-person decline approvals, case links, on-site record copies, and the case desk's
logins (local accounts, OAuth identities).

Nothing here names a party or holds report text in plain: a receipt is found by the hash of
its code (the code itself is shown once and never stored), messages are sealed (to the
reporter's channel key, or to the case's key holders), and a local account keeps only an
Argon2id password hash. Plain columns are dates, flags and ids, as in `models.py`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bvr.storage.models import Base, Blob, UtcDateTime


class WebReceipt(Base):
    """The receipt of a report made through the public form (flow 2).

    Written in the report's own unit of work and found again through `source_key`, so a
    report is never committed without its receipt, nor a receipt without its report.
    `channel_public_key` is the X25519 public key derived from the receipt code: messages for
    the reporter are sealed to it, and only someone holding the code can derive the private
    half."""

    __tablename__ = "web_receipt"
    id: Mapped[int] = mapped_column(primary_key=True)
    # The case it belongs to, so destruction finds it (and with it the channel) by the schema.
    # Nullable only because SQLite cannot add a NOT NULL foreign key to a table that has rows;
    # every receipt is written with its case (migration 0601 filled in the older ones).
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case_file.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    source_key: Mapped[str] = mapped_column(String(191), unique=True)  # = Case.source_key
    salt: Mapped[bytes] = mapped_column(LargeBinary(32))
    channel_public_key: Mapped[bytes] = mapped_column(LargeBinary(32))
    # The reporter said it happened to them: R-13.2 (victim) rather than R-13.3 (outline).
    reporter_is_victim: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ReporterMessage(Base):
    """One message in the reporter's channel.

    `to_reporter` messages are written on the desk (the same text goes into the case file as
    correspondence) and sealed to the channel key. `from_reporter` messages are sealed to the
    channel key (so the reporter can read back what they wrote) and, until a case-key holder
    reads them, kept in `inbox_ciphertext` under a message key wrapped to every key holder;
    on that first read they are adopted into the case file and the inbox copy is wiped."""

    __tablename__ = "reporter_message"
    id: Mapped[int] = mapped_column(primary_key=True)
    receipt_id: Mapped[int] = mapped_column(ForeignKey("web_receipt.id"))
    direction: Mapped[str] = mapped_column(String(20))  # "to_reporter" | "from_reporter"
    kind: Mapped[str] = mapped_column(String(20))  # question, answer, outcome, info:topics...
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    for_reporter: Mapped[bytes] = mapped_column(Blob)
    inbox_ciphertext: Mapped[bytes | None] = mapped_column(Blob)
    adopted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class ReporterMessageKey(Base):
    """A `from_reporter` message's key, wrapped to one case-key holder until adoption."""

    __tablename__ = "reporter_message_key"
    __table_args__ = (UniqueConstraint("message_id", "person_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("reporter_message.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    wrapped_key: Mapped[bytes] = mapped_column(LargeBinary(128))


class DeclineApproval(Base):
    """R-9.1, R-9.2: one person's agreement to decline a report; `bvr.rules.decline` counts."""

    __tablename__ = "decline_approval"
    __table_args__ = (UniqueConstraint("case_id", "person_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    approved_at: Mapped[datetime] = mapped_column(UtcDateTime)
    at_event: Mapped[bool] = mapped_column(Boolean, default=False)


class CaseLink(Base):
    """Two case files about the same matter or people, linked by someone who opens both."""

    __tablename__ = "case_link"
    __table_args__ = (UniqueConstraint("case_id", "linked_case_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"))
    linked_case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    linked_at: Mapped[datetime] = mapped_column(UtcDateTime)
    linked_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))


class IncidentCopy(Base):
    """R-8.5: an on-site incident record, sealed to one contact person of its event, so the
    contact persons can read back their own event's records without opening case files."""

    __tablename__ = "incident_copy"
    __table_args__ = (UniqueConstraint("case_id", "person_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    wrapped_key: Mapped[bytes] = mapped_column(LargeBinary(128))  # to this person's key
    sealed: Mapped[bytes] = mapped_column(Blob)


class LocalAccount(Base):
    """A case-desk login without OAuth (development, wikis without OAuth): an Argon2id hash
    (`nacl.pwhash.str`), never the password."""

    __tablename__ = "local_account"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), unique=True)
    password_hash: Mapped[bytes] = mapped_column(LargeBinary(255))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class OAuthIdentity(Base):
    """A Wikimedia (MediaWiki) OAuth 2.0 account linked to a person: server and subject id."""

    __tablename__ = "oauth_identity"
    __table_args__ = (UniqueConstraint("server", "subject"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    server: Mapped[str] = mapped_column(String(191))
    subject: Mapped[str] = mapped_column(String(64))
    linked_at: Mapped[datetime] = mapped_column(UtcDateTime)
