"""The public side, without login (flow 2): the report form, the receipt shown once, and the
reporter's channel opened with the receipt code.

The code never appears in a URL (it would reach logs and history): it is typed into a form and
sent by POST. Nothing about the reader is kept: no IP address, no user agent; the rate limit
knows clients only by a keyed hash held in memory (`webhook.ratelimit`).
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from flask import Blueprint, abort, g, make_response, render_template, request

from bvr.errors import BvrError
from bvr.i18n import LANGUAGES, direction
from bvr.services import casework_web
from webhook import i18n
from webhook.i18n import t
from webhook.public.form import ReportForm
from webhook.state import state

log = logging.getLogger(__name__)
blueprint = Blueprint("public", __name__)


def _limited(purpose: str, limit: int) -> None:
    if not state().limiter.allow(purpose, request.remote_addr or "-", limit):
        abort(429)


@blueprint.get("/")
def index() -> Any:
    return render_template("public/index.html")


def _today() -> date:
    """Today where the association is: the form's date picker and its check agree."""
    core = state().core
    return core.now().astimezone(core.config.zone).date()


@blueprint.get("/report")
def form() -> Any:
    return render_template("public/report.html", form=ReportForm.empty(), errors=[],
                           today=_today().isoformat())


@blueprint.post("/report")
def submit() -> Any:
    core = state().core
    _limited("report", core.config.web.reports_per_hour)
    form = ReportForm.read(request.form)
    errors = form.problems(_today())
    if errors:
        return render_template("public/report.html", form=form, errors=errors,
                               not_received=True, today=_today().isoformat()), 400
    try:
        filed = casework_web.file_web_report(core, form.to_report(g.lang))
    except BvrError as error:
        return render_template("public/report.html", form=form,
                               errors=[error.text(g.lang)], not_received=True,
                               today=_today().isoformat()), 400
    if filed.repeated:  # this page was sent before: the first answer showed the code
        return render_template("public/receipt.html", repeated=True)
    log.info("web report filed")  # no number, no content: the log is not the case file
    return render_template("public/receipt.html", code=filed.code, emergency=filed.emergency,
                           alerted=filed.alerted)


@blueprint.post("/report/language")
def relanguage() -> Any:
    """The form again in another language, with what was typed: a language link would lose
    it. Nothing is filed; the choice is remembered like `?uselang=`."""
    language = request.form.get("language", "")
    if language not in LANGUAGES:
        abort(400)
    g.lang, g.dir = language, direction(language)
    page = make_response(render_template("public/report.html",
                                         form=ReportForm.read(request.form), errors=[],
                                         today=_today().isoformat()))
    i18n.remember(page, language)
    return page


@blueprint.get("/channel")
def channel_form() -> Any:
    return render_template("public/channel_login.html")


def _code() -> str:
    return request.form.get("code", "")[:200]


@blueprint.post("/channel")
def channel() -> Any:
    core = state().core
    _limited("channel", core.config.web.channel_per_hour)
    code = _code()
    try:
        view = casework_web.read_channel(core, code)
    except BvrError as error:
        return render_template("public/channel_login.html", error=error.text(g.lang)), 404
    return render_template("public/channel.html", view=view, code=code)


@blueprint.post("/channel/write")
def channel_write() -> Any:
    core = state().core
    _limited("channel", core.config.web.channel_per_hour)
    code = _code()
    kind = request.form.get("kind", "info")
    try:
        casework_web.reporter_writes(core, code, request.form.get("text", ""), kind)
        notice = t("web-channel-sent")
        status = 200
    except BvrError as error:
        notice = error.text(g.lang)
        status = 400
    try:
        view = casework_web.read_channel(core, code)
    except BvrError as error:
        return render_template("public/channel_login.html", error=error.text(g.lang)), 404
    return render_template("public/channel.html", view=view, code=code, notice=notice,
                           failed=status != 200), status
