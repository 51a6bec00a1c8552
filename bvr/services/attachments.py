"""Attachments to a web report (issue 13): images and PDFs, sealed with the case's key in
the report's own unit of work, listed and handed out to those who may read the case
(ADR 0015). Checking and cleaning a file is `bvr.services.scrub`'s job.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath, PureWindowsPath

from sqlalchemy import select
from sqlalchemy.orm import Session

from bvr import vault
from bvr.errors import BvrError
from bvr.services import casefiles
from bvr.services.content import seal, unseal
from bvr.services.core import Core
from bvr.storage import audit
from bvr.storage.models_attachments import Attachment

NAME_LIMIT = 200


@dataclass(frozen=True)
class Upload:
    """A file as the form received it: the name the browser gave, and its bytes."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Cleaned:
    name: str
    media_type: str  # what the content is, for the handler; never sent as Content-Type
    data: bytes


@dataclass(frozen=True)
class Listed:
    id: int
    name: str
    media_type: str
    size: int
    created_at: datetime


def check_sizes(uploads: Sequence[Upload], max_file_kb: int, max_total_kb: int) -> None:
    """Refuse files over the per-file or the total limit (configured in `[web]`)."""
    for upload in uploads:
        if len(upload.data) > max_file_kb * 1024:
            raise BvrError("core-attachment-too-large", name=safe_name(upload.name),
                           num_kb=max_file_kb)
    if sum(len(u.data) for u in uploads) > max_total_kb * 1024:
        raise BvrError("core-attachment-total-too-large", num_kb=max_total_kb)


def safe_name(name: str) -> str:
    """The last part of what the browser sent, without control characters, at most 200."""
    base = PureWindowsPath(PurePosixPath(name).name).name
    base = "".join(c for c in base if c.isprintable() and c not in '"\\/').strip()
    return base[:NAME_LIMIT] or "attachment"


def store(session: Session, case_id: int, data_key: bytes, files: Sequence[Cleaned],
          at: datetime) -> None:
    """Seal each file with the case key, in the filing's own unit of work."""
    for file in files:
        session.add(Attachment(
            case_id=case_id, created_at=at, ciphertext=vault.encrypt(data_key, file.data),
            meta_ciphertext=seal(data_key, {"name": file.name, "media_type": file.media_type,
                                            "size": len(file.data)})))


def listing(session: Session, case_id: int, data_key: bytes) -> list[Listed]:
    """The case's attachments by their sealed metadata: the files themselves (megabytes
    each) are neither read nor decrypted to list them."""
    rows = session.execute(select(Attachment.id, Attachment.created_at,
                                  Attachment.meta_ciphertext)
                           .where(Attachment.case_id == case_id).order_by(Attachment.id))
    found = []
    for attachment_id, created_at, meta_ciphertext in rows:
        meta = unseal(data_key, meta_ciphertext)
        found.append(Listed(attachment_id, str(meta["name"]), str(meta["media_type"]),
                            int(meta["size"]), created_at))
    return found


def read(session: Session, case_id: int, attachment_id: int,
         data_key: bytes) -> tuple[str, bytes] | None:
    """The name and bytes of one attachment of this case; None when it has no such one."""
    row = session.scalars(select(Attachment).where(
        Attachment.id == attachment_id, Attachment.case_id == case_id)).first()
    if row is None:
        return None
    name = str(unseal(data_key, row.meta_ciphertext)["name"])
    return name, vault.decrypt(data_key, row.ciphertext)


def list_for(core: Core, number: str, username: str,
             key: vault.UnlockedKey) -> list[Listed]:
    """The attachments of a case, for someone who may read it (R-15.2); refused otherwise."""
    with casefiles.opened(core, number, username, key) as (session, _person, case, data_key):
        return listing(session, case.id, data_key)


def download(core: Core, number: str, username: str, key: vault.UnlockedKey,
             attachment_id: int) -> tuple[str, bytes] | None:
    """One attachment's name and bytes for someone who may read the case; the reading is
    logged like reading the case file."""
    with casefiles.opened(core, number, username, key) as (session, person, case, data_key):
        found = read(session, case.id, attachment_id, data_key)
        if found is not None:
            audit.append(session, at=core.now(), actor=f"person:{person.id}",
                         action="attachment-read", case_id=case.id)
        return found
