"""Participants from a CSV export (a registration form, a spreadsheet).

The username column is found by its header (`username`, `gebruikersnaam`, `användarnamn`,
...); without a known header the first column is used. Comma, semicolon (Dutch Excel) and tab
are recognised; a byte order mark is ignored.
"""

from __future__ import annotations

import csv
import io

from bot.screening.participants import Participant, from_names
from bvr.errors import BvrError

HEADERS = ("username", "user name", "user", "gebruikersnaam", "gebruiker", "användarnamn",
           "användare", "wikimedia username", "user_name")
MAX_CSV_BYTES = 5 * 1024 * 1024


def participants(text: str) -> list[Participant]:
    if len(text.encode("utf-8")) > MAX_CSV_BYTES:
        raise BvrError("screening-csv-too-large", limit=MAX_CSV_BYTES)
    text = text.lstrip("\ufeff")
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
            text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = [row for row in csv.reader(io.StringIO(text), dialect) if any(c.strip() for c in row)]
    if not rows:
        return []
    header = [cell.strip().lower() for cell in rows[0]]
    column = next((header.index(h) for h in HEADERS if h in header), None)
    if column is None:
        column, body = 0, rows
    else:
        body = rows[1:]
    return from_names((row[column] for row in body if column < len(row)), "csv")
