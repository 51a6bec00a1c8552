"""Helpers of the public-side tests: submitting the form as a browser would, reading the receipt
code off the page, and looking at every stored byte."""

from __future__ import annotations

import html
import re
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import inspect, text
from werkzeug.test import TestResponse

from bvr.services.core import Core
from tests.webhook.conftest import form_token

_CODE = re.compile(r'<code id="receipt-code">([A-Z2-7-]+)</code>')


def submit(client: FlaskClient, token: str | None = None, headers: dict[str, str] | None = None,
           **fields: str) -> TestResponse:
    """POST the report form; `what_happened` defaults to a harmless text."""
    # Both yes/no questions have no default (issue 13): a test that does not answer them
    # says "no", as a reader would.
    data = {"what_happened": "Someone kept insulting me in the chat.", "emergency": "0",
            "is_victim": "0", **fields}
    data["csrf_token"] = token if token is not None else form_token(client)
    return client.post("/report", data=data, headers=headers or {})


def receipt_code(response: TestResponse) -> str:
    found = _CODE.search(response.get_data(as_text=True))
    assert found, "no receipt code on the page"
    return found.group(1)


def open_channel(client: FlaskClient, code: str) -> TestResponse:
    return client.post("/channel", data={"code": code,
                                         "csrf_token": form_token(client, "/channel")})


def page_text(response: TestResponse) -> str:
    """The page as a reader sees it: tags dropped, entities decoded, spaces collapsed."""
    body = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return " ".join(html.unescape(body).split())


def _tables(core: Core) -> list[str]:
    # Read from the database itself, so a table added by any feature's migration counts.
    return sorted(inspect(core.database.engine).get_table_names())


def row_counts(core: Core) -> dict[str, int]:
    with core.database.engine.connect() as connection:
        return {name: connection.execute(text(
                    f"SELECT COUNT(*) FROM {name}")).scalar_one()  # noqa: S608 (names from the catalogue)
                for name in _tables(core)}


def stored_values(core: Core) -> list[Any]:
    """Every value of every column of every row, whatever the database."""
    values: list[Any] = []
    with core.database.engine.connect() as connection:
        for name in _tables(core):
            # The table names come from the database's own catalogue, not from input.
            for row in connection.execute(text(f"SELECT * FROM {name}")):  # noqa: S608
                values.extend(row)
    return values


def database_contains(core: Core, planted: str) -> bool:
    """Whether `planted` appears in plain text anywhere in the database: in a column (text or
    bytes, UTF-8 or UTF-16) and, for SQLite, anywhere in the file and its write-ahead log."""
    needles = (planted.encode("utf-8"), planted.encode("utf-16-le"))
    for value in stored_values(core):
        if isinstance(value, str) and planted in value:
            return True
        if isinstance(value, bytes | bytearray | memoryview) and any(
                n in bytes(value) for n in needles):
            return True
    url = core.database.engine.url
    if url.get_backend_name() == "sqlite" and url.database:
        core.database.engine.dispose()  # let go of the file (and checkpoint the log)
        for suffix in ("", "-wal", "-journal"):
            try:
                with open(url.database + suffix, "rb") as handle:
                    raw = handle.read()
            except FileNotFoundError:
                continue
            if any(n in raw for n in needles):
                return True
    return False
