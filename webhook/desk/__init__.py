"""The case desk (flows 3 and 4): what each role may see and do, exactly as the protocol
says. Pages are split by job: `cases` (the list and one case with its actions), `pages`
(deadlines, the register of sanctions, the audit log, entering reports, on-site records),
`screening` (pre-event screening runs, notes of R-6.1(b) and measures of R-6.2), `reports`
(the half-yearly report to the board, R-14.3)."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("desk", __name__, url_prefix="/desk")

from webhook.desk import attachments, cases, pages, reports, screening  # noqa: E402,F401  (the routes register themselves)
