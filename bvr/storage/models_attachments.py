"""Files a reporter attached to a web report: images and PDFs, sealed with the case's key.

The row refers to its case by a foreign key, so destruction (bvr/services/retention.py) takes
the attachments with the file. Nothing here is readable without the case key: the file's name
and type are sealed in `meta_ciphertext`, its bytes in `ciphertext`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary
from sqlalchemy.orm import Mapped, mapped_column

from bvr.storage.models import Base, UtcDateTime


class Attachment(Base):
    __tablename__ = "attachment"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    meta_ciphertext: Mapped[bytes] = mapped_column(LargeBinary)  # name, media type, size
    # The file itself, metadata stripped; LONGBLOB on MariaDB (a BLOB holds only 64 KB).
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary(length=2**32 - 1))
