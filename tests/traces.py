"""Looking at the stored bytes themselves: the raw database (the SQLite file with its
write-ahead log, or a `mariadb-dump`), samples of ciphertext that a dump writes unchanged, and
an offline copy of the database as someone who took it away would have it."""

from __future__ import annotations

import secrets
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import LargeBinary, select
from sqlalchemy.engine import make_url

from bvr.services import retention
from bvr.services.core import Core
from bvr.storage.db import Database
from bvr.storage.models import Case
from bvr.storage.registry import metadata

# Bytes that a SQL dump escapes: a sample must not contain them to be found verbatim.
_ESCAPED = frozenset(b"\x00\n\r\x1a\"'\\")


def raw_database(core: Core, request: pytest.FixtureRequest) -> bytes:
    url = make_url(core.database.url)
    core.database.dispose()  # every connection closed: what is on disk is all there is
    assert url.database
    if url.get_backend_name() == "sqlite":
        path = Path(url.database)
        return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    return bytes(request.getfixturevalue("mariadb_server").dump_bytes(url.database))


def sample(blob: bytes) -> bytes:
    """16 bytes of `blob` that a dump writes unchanged."""
    best, run_start = b"", 0
    for index in range(len(blob) + 1):
        if index == len(blob) or blob[index] in _ESCAPED:
            if index - run_start > len(best):
                best = blob[run_start:index]
            run_start = index + 1
    # Six random bytes stand by chance in a few MB of database once in ~10^8 runs; asking for
    # ten failed now and then on short ciphertexts with escaped bytes spread through them.
    assert len(best) >= 6, "no sample found; ciphertext too short?"
    return best[:16]


def offline_copy(core: Core, request: pytest.FixtureRequest, directory: Path) -> Database:
    """A copy of the database as someone would carry it off: the SQLite files copied byte for
    byte, or a `mariadb-dump` loaded into a database of its own."""
    url = make_url(core.database.url)
    core.database.dispose()
    assert url.database
    if url.get_backend_name() == "sqlite":
        source = Path(url.database)
        for path in source.parent.glob(source.name + "*"):
            shutil.copyfile(path, directory / path.name)
        return Database(f"sqlite:///{directory / source.name}")
    server = request.getfixturevalue("mariadb_server")
    name = f"copy_{secrets.token_hex(6)}"
    copy_url = server.create_database(name)
    request.addfinalizer(lambda: server.drop_database(name))
    client = shutil.which("mariadb") or shutil.which("mysql")
    assert client, "the MariaDB client is needed to load the dump"
    subprocess.run([client, "--no-defaults", f"--socket={server.socket}", "--user=root", name],
                   input=server.dump_bytes(url.database), check=True, capture_output=True)
    return Database(copy_url)


def rows_of(core: Core, numbers: tuple[str, ...]) -> dict[str, list[bytes]]:
    """Every binary value stored for the files `numbers`, table by table, as the schema's
    own paths to a case file find them."""
    found: dict[str, list[bytes]] = {}
    plan = retention.plan(metadata())
    with core.database.transaction() as session:
        for number in numbers:
            case_id = session.scalars(select(Case.id).where(Case.number == number)).one()
            for table in (*plan.deleted, *plan.kept_tables):
                condition = plan.rows_of(table, case_id)
                for row in session.execute(select(table).where(condition)).mappings():
                    for column in table.columns:
                        if isinstance(column.type, LargeBinary) and row[column.name]:
                            found.setdefault(table.name, []).append(bytes(row[column.name]))
    return found
