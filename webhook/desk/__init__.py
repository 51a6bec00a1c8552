"""The case desk (flows 3 and 4): what each role may see and do, exactly as the protocol
says. Pages are split by job: `cases` (the list and one case with its actions), `pages`
(deadlines, the register of sanctions, the audit log, entering reports, on-site records)."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("desk", __name__, url_prefix="/desk")

from webhook.desk import cases, pages  # noqa: E402,F401  (the routes register themselves)
