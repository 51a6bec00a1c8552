"""The database tables, as SQLAlchemy 2 typed models.

What is in plain columns is metadata that unattended jobs need (dates, statuses, sanction
types, retention dates) and that identifies nobody. Everything a person wrote or any name of a
party is in a `ciphertext` column, encrypted with the case's data key (see `bvr.vault`), or a
`blind_index` column (a keyed hash whose key is not in the database).

The schema is created and changed only by Alembic migrations (`bvr/storage/migrations`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    or_,
)
from sqlalchemy import (
    false as sa_false,
)
from sqlalchemy.dialects import mysql
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator, TypeEngine

from bvr.domain import (
    CaseStatus,
    Category,
    Channel,
    DecisionBody,
    EntryKind,
    PartyRole,
    Role,
    SanctionType,
)
from bvr.usernames import INDEX_VERSION

# Stable constraint names, so migrations behave the same on SQLite and MariaDB.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Blob = LargeBinary(length=16 * 1024 * 1024)  # MEDIUMBLOB on MariaDB: reports may be long


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on SQLite and MariaDB alike."""

    impl = DateTime
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        # MariaDB drops fractions of a second unless asked; the audit chain hashes them.
        if dialect.name in {"mysql", "mariadb"}:
            return dialect.type_descriptor(mysql.DATETIME(fsp=6))
        return dialect.type_descriptor(DateTime())

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use an aware one")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def _enum(enum: type[StrEnum]) -> Enum:
    # Stored by value in a plain VARCHAR: readable, and no ALTER TYPE when a value is added.
    return Enum(enum, native_enum=False, create_constraint=False, length=40,
                values_callable=lambda members: [member.value for member in members])


#: Which normalisation (`bvr.usernames.INDEX_VERSION`) a row's blind index was computed with:
#: rows from before a change say so, and `bvr vault reindex` brings them up to date.
INDEX_VERSION_COLUMN: dict[str, Any] = {
    "type_": Integer, "nullable": False, "default": INDEX_VERSION, "server_default": "1"}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Person(Base):
    """Someone who holds a role (R-2.1). Officers, not parties: their login name is plain."""

    __tablename__ = "person"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(255), unique=True)
    language: Mapped[str] = mapped_column(String(8), default="nl")
    # Where notifications go (never with content); officers' work addresses, not parties'.
    email: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # The person's vault key (bvr.vault.LockedKey); empty until a passphrase is set.
    public_key: Mapped[bytes | None] = mapped_column(LargeBinary(64))
    wrapped_private_key: Mapped[bytes | None] = mapped_column(LargeBinary(128))
    key_salt: Mapped[bytes | None] = mapped_column(LargeBinary(32))
    key_opslimit: Mapped[int | None] = mapped_column(Integer)
    key_memlimit: Mapped[int | None] = mapped_column(Integer)

    roles: Mapped[list[RoleAssignment]] = relationship(back_populates="person")


class RoleAssignment(Base):
    __tablename__ = "role_assignment"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    role: Mapped[Role] = mapped_column(_enum(Role))
    granted_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    person: Mapped[Person] = relationship(back_populates="roles")


class Training(Base):
    """R-4.3: basic BVR/UCoC training completed, with its date."""

    __tablename__ = "training"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    completed_on: Mapped[date] = mapped_column(Date)
    course: Mapped[str] = mapped_column(String(100), default="bvr-ucoc-basic")


class Acknowledgement(Base):
    """R-4.1, R-4.2: a signed written acknowledgement of the policy."""

    __tablename__ = "acknowledgement"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    signed_on: Mapped[date] = mapped_column(Date)
    capacity: Mapped[str] = mapped_column(String(40))  # why they must sign (a role or category)


class Platform(Base):
    """R-1.1: a platform or channel the policy covers (wiki, mailing list, chat group...)."""

    __tablename__ = "platform"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    url: Mapped[str | None] = mapped_column(String(500))


class Event(Base):
    """R-1.1, R-2.2, R-2.3: an event or activity with its contact persons."""

    __tablename__ = "event"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    language: Mapped[str] = mapped_column(String(8), default="nl")
    wiki_page: Mapped[str | None] = mapped_column(String(255))
    expected_participants: Mapped[int] = mapped_column(Integer, default=0)
    intensive: Mapped[bool] = mapped_column(Boolean, default=False)
    # venue where the association has no authority; arrangements recorded in the text.
    venue_without_authority: Mapped[bool] = mapped_column(Boolean, default=False)
    venue_arrangements: Mapped[str | None] = mapped_column(Text)


class ContactAssignment(Base):
    """R-2.2: a contact person for an event or a platform."""

    __tablename__ = "contact_assignment"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id"))
    platform_id: Mapped[int | None] = mapped_column(ForeignKey("platform.id"))


class Case(Base):
    """A case file (R-15.1). Plain columns are metadata only; content is in entries."""

    __tablename__ = "case_file"
    __table_args__ = (UniqueConstraint("year", "sequence"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    # no case number (nor year and sequence) until an anonymous report is confirmed;
    # until then the desk addresses it by `reference` (docs/decisions/0014).
    number: Mapped[str | None] = mapped_column(String(32), unique=True)
    year: Mapped[int | None] = mapped_column(Integer)
    sequence: Mapped[int | None] = mapped_column(Integer)
    reference: Mapped[str | None] = mapped_column(String(32), unique=True)
    status: Mapped[CaseStatus] = mapped_column(_enum(CaseStatus), index=True)
    channel: Mapped[Channel] = mapped_column(_enum(Channel))
    category: Mapped[Category | None] = mapped_column(_enum(Category))  # set at triage
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    emergency: Mapped[bool] = mapped_column(Boolean, default=False)
    during_event: Mapped[bool] = mapped_column(Boolean, default=False)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id"))
    # Where the report came from, e.g. "wiki:nl:12345": makes intake idempotent.
    source_key: Mapped[str | None] = mapped_column(String(191), unique=True)
    incident_on: Mapped[date | None] = mapped_column(Date)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    taken_into_handling_at: Mapped[datetime | None] = mapped_column(
        UtcDateTime, index=True)
    investigation_report_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    decision_announced_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)
    handler_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    reporter_informed: Mapped[bool] = mapped_column(Boolean, default=False)
    retention_until: Mapped[date | None] = mapped_column(Date)
    # Superseded by `retention_link` (R-15.5: a file may be linked to several newer ones);
    # migration 0601 moved the values there and emptied it. Never read or written. Left in
    # place because SQLite drops a column used by a named foreign key only by rebuilding
    # case_file, and that breaks the foreign keys of every table that refers to case_file.
    retention_linked_to_id: Mapped[int | None] = mapped_column(ForeignKey("case_file.id"))
    destroyed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    @classmethod
    def at(cls, address: str) -> ColumnElement[bool]:
        """The condition that picks the file with this address (see `address`)."""
        return or_(cls.number == address, cls.reference == address)

    @property
    def address(self) -> str:
        """How people address the file: its case number, or its pending reference while an
        anonymous report awaits confirmation (R-7.4)."""
        return self.number or self.reference or ""


class CaseKey(Base):
    """The case's data key, wrapped to one person's public key (R-15.2)."""

    __tablename__ = "case_key"
    __table_args__ = (UniqueConstraint("case_id", "person_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    wrapped_key: Mapped[bytes] = mapped_column(LargeBinary(128))


class CaseEntry(Base):
    """An append-only piece of a case file: the report, correspondence, hearing notes..."""

    __tablename__ = "case_entry"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    kind: Mapped[EntryKind] = mapped_column(_enum(EntryKind))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    ciphertext: Mapped[bytes] = mapped_column(Blob)


class Party(Base):
    """Someone involved in a case (R-10.1). Name and contact are encrypted; a wiki username
    also gets a blind index so screening and conflict checks can match without decrypting."""

    __tablename__ = "party"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    role: Mapped[PartyRole] = mapped_column(_enum(PartyRole))
    blind_index: Mapped[str | None] = mapped_column(String(64), index=True)
    blind_index_version: Mapped[int] = mapped_column(**INDEX_VERSION_COLUMN)
    ciphertext: Mapped[bytes] = mapped_column(Blob)


class ConflictDeclaration(Base):
    """R-10.1, R-11.4: a person declares being involved in or related to a party of a case."""

    __tablename__ = "conflict_declaration"
    __table_args__ = (UniqueConstraint("case_id", "person_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    has_conflict: Mapped[bool] = mapped_column(Boolean)
    declared_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Investigator(Base):
    """R-10.1: who investigates a case: a person with an account, or a third party (external,
    or the confidant) whose name is encrypted with the case's key."""

    __tablename__ = "investigator"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    external_ciphertext: Mapped[bytes | None] = mapped_column(Blob)
    assigned_at: Mapped[datetime] = mapped_column(UtcDateTime)
    assigned_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    # the delegation ended (the delegate no longer reads the file); migration 0501.
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class Sanction(Base):
    """R-11.1, R-11.2: a sanction imposed in a case. The person it concerns is identified only
    by blind index here; their name is in the register entry, under its own data key."""

    __tablename__ = "sanction"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    type: Mapped[SanctionType] = mapped_column(_enum(SanctionType))
    decided_by: Mapped[DecisionBody] = mapped_column(_enum(DecisionBody))
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime)
    announced_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)  # None: indefinite
    respondent_index: Mapped[str | None] = mapped_column(String(64), index=True)
    blind_index_version: Mapped[int] = mapped_column(**INDEX_VERSION_COLUMN)
    # The register entry: name and scope, encrypted with the entry's own key.
    register_ciphertext: Mapped[bytes] = mapped_column(Blob)


class SanctionKey(Base):
    """The register entry's data key wrapped to a person of its audience (R-15.3)."""

    __tablename__ = "sanction_key"
    __table_args__ = (UniqueConstraint("sanction_id", "person_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    sanction_id: Mapped[int] = mapped_column(ForeignKey("sanction.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    wrapped_key: Mapped[bytes] = mapped_column(LargeBinary(128))


class Appeal(Base):
    """R-16: an appeal against a decision in a case, routed to the body that hears it."""

    __tablename__ = "appeal"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    filed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    appellant_role: Mapped[PartyRole] = mapped_column(_enum(PartyRole))
    against: Mapped[DecisionBody] = mapped_column(_enum(DecisionBody))
    heard_by: Mapped[str] = mapped_column(String(40))  # a DecisionBody, or "outside"
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # the decision appealed against was not to take the report into handling.
    against_decline: Mapped[bool] = mapped_column(Boolean, default=False,
                                                  server_default=sa_false())


class AuditRecord(Base):
    """Append-only, hash-chained log of every read and write of case content. No content:
    who, when, what action, which case. `previous` is unique, so a fork cannot be written."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    # Indexed: the desk filters the log by each of these (issue 13).
    actor: Mapped[str] = mapped_column(String(255), index=True)  # "person:7", "intake", ...
    action: Mapped[str] = mapped_column(String(60), index=True)
    case_id: Mapped[int | None] = mapped_column(Integer, index=True)  # no FK: outlives the case
    detail: Mapped[str] = mapped_column(String(255), default="")
    previous: Mapped[str] = mapped_column(String(64), unique=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)


class JobState(Base):
    """Small named values that jobs keep between runs (e.g. the intake position)."""

    __tablename__ = "job_state"
    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(String(255))


class WriteLock(Base):
    """One row (id 1). On MariaDB every unit of work locks it first, so units of work run one
    at a time, as on SQLite (`bvr/storage/db.py`): two filings never read the same last case
    number, two audit records never extend the same record."""

    __tablename__ = "write_lock"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
