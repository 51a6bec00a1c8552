"""Every refusal reaches the reader as a page in their language: a rule's refusal links to its
requirement on the desk (403, `webhook.refusals`), a `BvrError` says what to change (400), and
the public report form says plainly that a report was not received whenever it was not
committed."""

from __future__ import annotations

import logging
import traceback

from flask import Flask, render_template, request
from werkzeug.exceptions import HTTPException

from bvr.errors import BvrError
from bvr.rules.verdict import RuleRefused
from webhook.i18n import t
from webhook.refusals import shown

log = logging.getLogger(__name__)

#: Endpoints where a refusal means the report did not arrive (the "nothing lost" promise).
REPORT_ENDPOINTS = frozenset({"public.submit"})


def page(message: str, status: int, title_key: str = "web-error-title") -> tuple[str, int]:
    not_received = request.endpoint in REPORT_ENDPOINTS
    return render_template("error.html", title=t(title_key), message=message,
                           not_received=not_received), status


def install(app: Flask) -> None:
    app.jinja_env.globals["refusal"] = shown  # a rule's "no" inside a page (the case page)

    @app.errorhandler(RuleRefused)
    def _refused(error: RuleRefused) -> tuple[str, int]:
        return page(shown(error), 403, "web-error-refused")

    @app.errorhandler(BvrError)
    def _bvr(error: BvrError) -> tuple[str, int]:
        return page(shown(error), 400)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> tuple[str, int]:
        code = error.code or 500
        key = {400: "web-error-bad-request", 403: "web-error-forbidden",
               404: "web-error-not-found", 405: "web-error-method", 413: "web-error-too-large",
               429: "web-error-rate-limited"}.get(code, "web-error-internal")
        if code == 400 and error.description == "csrf":
            key = "web-error-csrf"
        return page(t(key), code)

    @app.errorhandler(Exception)
    def _internal(error: Exception) -> tuple[str, int]:
        # The type and where it was raised, never the text: an exception's message could
        # quote form content. File and line are enough to find the bug.
        frames = traceback.extract_tb(error.__traceback__)
        where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "-"
        log.error("internal error on %s: %s at %s", request.endpoint, type(error).__name__,
                  where)
        return page(t("web-error-internal"), 500)
