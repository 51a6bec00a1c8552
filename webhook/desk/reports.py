"""The half-yearly report to the board (R-14.3) as a document on the case desk: the director
reports to the board, so the director, the board and the board member BVR get it. It holds
figures and a chart only (`bvr.services.reporting`), no name and no case content.

The document is a complete HTML file with its own style and an inline SVG chart; it is
offered as a download, to be read, printed or sent to the board as it is, rather than shown
inside the desk's pages (whose content security policy allows no inline style)."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, g, render_template

from bvr.domain import Role
from bvr.rules.deadlines import local_date
from bvr.services import reporting
from bvr.services.core import Core
from webhook.auth.guard import desk_required
from webhook.desk import blueprint
from webhook.state import current_core

REPORT_ROLES = frozenset({Role.DIRECTOR, Role.BOARD, Role.BOARD_BVR})
FIRST_YEAR = 2000  # no report before this year: a guard against absurd URLs, not a rule



@blueprint.context_processor
def _menu() -> dict[str, bool]:
    """For the desk's home page: whether this person gets the board report link."""
    return {"reads_board_report": bool((g.get("roles") or frozenset()) & REPORT_ROLES)}


def half_years(core: Core) -> list[tuple[int, int]]:
    """The half-years that have begun, newest first, back to the start of last year."""
    today = local_date(core.now(), core.config.zone)
    current = (today.year, 1 if today.month <= 6 else 2)
    found = [current]
    year, half = current
    while len(found) < 4:
        year, half = (year, 1) if half == 2 else (year - 1, 2)
        found.append((year, half))
    return found


@blueprint.get("/board-report")
@desk_required(*REPORT_ROLES)
def board_reports() -> Any:
    return render_template("desk/board_report.html", periods=half_years(current_core()))


@blueprint.get("/board-report/<int:year>-<int:half>.html")
@desk_required(*REPORT_ROLES)
def board_report(year: int, half: int) -> Any:
    core = current_core()
    today = local_date(core.now(), core.config.zone)
    if half not in (1, 2) or not FIRST_YEAR <= year <= today.year:
        abort(404)
    document = reporting.board_report(core, year, half, g.lang)
    return Response(document, mimetype="text/html", headers={
        "Content-Disposition": f'attachment; filename="board-report-{year}-{half}.html"'})
