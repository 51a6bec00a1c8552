"""`/healthz` for Toolforge and gunicorn: the process answers and the database is reachable
and carries our schema.

`SELECT 1` alone is not enough: a SQLite file that vanished is silently recreated empty on the
next connection, and a MariaDB database that was dropped still accepts a pooled connection.
Asking for the applied migrations fails (or comes back empty) in both cases."""

from __future__ import annotations

import logging

from flask import Blueprint

from bvr.storage import schema
from webhook.state import state

log = logging.getLogger(__name__)
blueprint = Blueprint("health", __name__)


@blueprint.get("/healthz")
def healthz() -> tuple[dict[str, str], int]:
    try:
        applied = schema.current_revisions(state().core.database)
    except Exception as error:  # any database failure means "not healthy"
        log.error("health check: database unavailable (%s)", type(error).__name__)
        return {"status": "database unavailable"}, 503
    if not applied:
        log.error("health check: the database has no schema")
        return {"status": "database unavailable"}, 503
    return {"status": "ok"}, 200
