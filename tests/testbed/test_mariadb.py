"""The throwaway MariaDB server: databases, SQLAlchemy URLs and dumps."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from testbed.mariadb import MariaDBError, MariaDBServer

pytestmark = pytest.mark.mariadb


def test_write_a_row_and_find_it_in_the_dump(mariadb_server: MariaDBServer) -> None:
    url = mariadb_server.create_database("testbed_rows")
    engine = sa.create_engine(url)
    try:
        metadata = sa.MetaData()
        notes = sa.Table(
            "notes",
            metadata,
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("text", sa.String(100)),
        )
        metadata.create_all(engine)
        with engine.begin() as connection:
            connection.execute(notes.insert().values(text="Vriendelijke ruimte ✓"))
        with engine.connect() as connection:
            assert connection.scalar(sa.select(notes.c.text)) == "Vriendelijke ruimte ✓"
    finally:
        engine.dispose()
    dump = mariadb_server.dump("testbed_rows")
    assert "CREATE TABLE `notes`" in dump
    assert "Vriendelijke ruimte ✓" in dump
    mariadb_server.drop_database("testbed_rows")
    assert ("testbed_rows",) not in mariadb_server.execute("SHOW DATABASES")


def test_create_database_starts_empty(mariadb_server: MariaDBServer) -> None:
    mariadb_server.create_database("testbed_again")
    mariadb_server.execute("CREATE TABLE t (x INT)", database="testbed_again")
    url = mariadb_server.create_database("testbed_again")
    assert url.endswith("/testbed_again?charset=utf8mb4")
    assert mariadb_server.execute("SHOW TABLES", database="testbed_again") == []


def test_names_are_checked(mariadb_server: MariaDBServer) -> None:
    with pytest.raises(MariaDBError, match="must be ASCII"):
        mariadb_server.create_database("x`; DROP DATABASE mysql; --")
