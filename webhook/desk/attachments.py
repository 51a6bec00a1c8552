"""Attachments of a case on the desk: the list (partial `desk/actions/attachments.html`) and
the download, for someone who may read the case.

An attachment is never shown from the desk's origin (ADR 0015): it comes as a download
(`Content-Disposition: attachment`), with a neutral type (`application/octet-stream`),
`nosniff`, and a CSP `sandbox` (added by `webhook.security` to every download). A case the
person may not read and an attachment that is not there get the same 404.
"""

from __future__ import annotations

import io
from typing import Any

from flask import abort, g, send_file

from bvr.errors import BvrError
from bvr.rules.verdict import RuleRefused
from bvr.services import attachments
from webhook.auth.guard import desk_required
from webhook.desk import blueprint
from webhook.desk.cases import NOT_AVAILABLE
from webhook.state import current_core


@blueprint.app_template_global()
def case_attachments(number: str) -> list[attachments.Listed]:
    """For the case page, which is shown only after the same access check passed."""
    return attachments.list_for(current_core(), number, g.desk.username, g.desk.key)


@blueprint.get("/case/<number>/attachment/<int:attachment_id>")
@desk_required()
def attachment(number: str, attachment_id: int) -> Any:
    try:
        found = attachments.download(current_core(), number, g.desk.username, g.desk.key,
                                     attachment_id)
    except RuleRefused:
        abort(404)
    except BvrError as error:
        if error.message.key in NOT_AVAILABLE:
            abort(404)
        raise
    if found is None:
        abort(404)
    name, data = found
    response = send_file(io.BytesIO(data), mimetype="application/octet-stream",
                         as_attachment=True, download_name=name, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
