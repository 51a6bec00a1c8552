"""The database connection: one engine per URL, sessions as units of work.

A unit of work commits as a whole or not at all, so an error never leaves half-written
state behind. SQLite gets WAL mode (readers do not block the intake job's writes), foreign
keys and a busy timeout; MariaDB gets utf8mb4 and pre-ping (ToolsDB closes idle connections).

On SQLite, units of work run one at a time: each starts with `BEGIN IMMEDIATE` (the write
lock at once, so two units of work never both read the last case number or the audit chain's
last record and then race to write after it), and threads of one process queue on a lock
instead of polling SQLite's busy handler, which sleeps in steps of up to 100 ms. On MariaDB
each unit of work first locks the one row of `write_lock` (held until it commits or rolls
back) for the same reason. Nearly every unit of work writes anyway: every reading of case
content is written to the audit log.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from bvr.files import create_private


class Database:
    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        sqlite = self.engine.dialect.name == "sqlite"
        self._one_at_a_time: AbstractContextManager[object] = (
            threading.RLock() if sqlite else nullcontext())
        if self.engine.dialect.name in {"mysql", "mariadb"}:
            # When the session first takes a connection, like SQLite's BEGIN IMMEDIATE.
            event.listen(self._sessions, "after_begin", _lock_the_write_lock_row)
        self._rehearsing: Connection | None = None

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session that commits when the block ends and rolls back on any error."""
        if self._rehearsing is not None:
            # Inside a rehearsal: a savepoint of the one outer transaction, rolled back later.
            with self._one_at_a_time, Session(
                    bind=self._rehearsing, expire_on_commit=False,
                    join_transaction_mode="create_savepoint") as session, session.begin():
                yield session
            return
        with self._one_at_a_time, self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def rehearsal(self) -> Iterator[None]:
        """Every unit of work inside runs as usual, each seeing what the earlier ones wrote,
        and all of it is rolled back at the end: a dry run (`--dry-run`) checks everything a
        real run checks and leaves the database as it was."""
        # A plain BEGIN: the write lock only from the first write on, so that the command's
        # own reads on other connections (the schema check) are not locked out before.
        with self.engine.connect().execution_options(deferred_begin=True) as connection:
            outer = connection.begin()
            self._rehearsing = connection
            try:
                yield
            finally:
                self._rehearsing = None
                outer.rollback()

    def dispose(self) -> None:
        self.engine.dispose()


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            # Mode 0600 before SQLite opens it: its -wal and -shm files take the same mode.
            create_private(Path(parsed.database))
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin_immediate)
        return engine
    if parsed.get_backend_name() in {"mysql", "mariadb"}:
        query = {"charset": "utf8mb4", **parsed.query}
        return create_engine(parsed.set(query=query), pool_pre_ping=True, pool_recycle=280)
    return create_engine(url)


def _lock_the_write_lock_row(_session: Session, _transaction: object, connection: Any) -> None:
    connection.execute(text("SELECT id FROM write_lock WHERE id = 1 FOR UPDATE"))


def _sqlite_pragmas(connection: Any, _record: object) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    # Deleted and overwritten content (a key removed, an inbox copy wiped, a file destroyed)
    # is zeroed at once rather than left readable in free space of the file.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()
    # SQLAlchemy emits BEGIN itself (below); pysqlite's own would start only at the first
    # write, after the reads a unit of work bases its writes on.
    connection.isolation_level = None


def _sqlite_begin_immediate(connection: Any) -> None:
    # AUTOCOMMIT connections run statements that refuse a transaction (wal_checkpoint).
    options = connection.get_execution_options()
    if options.get("isolation_level") != "AUTOCOMMIT":
        connection.exec_driver_sql("BEGIN" if options.get("deferred_begin") else
                                   "BEGIN IMMEDIATE")
