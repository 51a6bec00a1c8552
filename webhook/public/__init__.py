"""The public side, without login (flow 2): the report form, the receipt shown once, and the
reporter's channel opened with the receipt code.

The code never appears in a URL (it would reach logs and history): it is typed into a form and
sent by POST. Nothing about the reader is kept: no IP address, no user agent; the rate limit
knows clients only by a keyed hash held in memory (`webhook.ratelimit`).

Nothing typed is lost: every refusal of a public form, a rate limit (429), an expired CSRF
token and a post over the size limit included, answers with the same form and what was typed
in it (`_kept`). The language switch on a form page submits the form to be shown again in the
other language, so it neither drops the text nor closes the channel.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from flask import Blueprint, abort, g, make_response, render_template, request
from werkzeug.exceptions import HTTPException

from bvr.errors import BvrError
from bvr.i18n import LANGUAGES, direction
from bvr.services import casework_web, register
from bvr.services.attachments import Cleaned, Upload, check_sizes
from webhook import i18n
from webhook.i18n import t
from webhook.public.form import ReportForm
from webhook.state import state

log = logging.getLogger(__name__)
blueprint = Blueprint("public", __name__)

#: Endpoints that carry typed text: a refusal there shows the text again.
REPORT_FORM = frozenset({"public.submit", "public.relanguage"})
CHANNEL_FORM = frozenset({"public.channel_write", "public.channel_language"})
#: How much more than `max_form_kb` these endpoints read, so that an over-long paste comes
#: back with its count instead of a bare 413. Beyond it the body is not read at all.
RESCUE_FACTOR = 8


@blueprint.url_value_preprocessor
def _read_long_forms(endpoint: str | None, _values: dict[str, Any] | None) -> None:
    # Runs before every before_request function, the CSRF check (which reads the form) too.
    if endpoint in REPORT_FORM | CHANNEL_FORM:
        web = state().core.config.web
        limit = web.max_form_kb * 1024 * RESCUE_FACTOR
        # The report form also carries attachments: twice their limit more is read, so files
        # a little too large (or text) come back as a refusal with the text, not a bare 413.
        # Beyond the whole limit the body is refused before it is read (no half-read files).
        if endpoint in REPORT_FORM and request.mimetype == "multipart/form-data":
            limit += 2 * web.attachments_max_kb * 1024
        request.max_content_length = limit
        request.max_form_memory_size = limit


def _today() -> date:
    """Today where the association is: the form's date picker and its check agree."""
    core = state().core
    return core.now().astimezone(core.config.zone).date()


def _events() -> list[register.EventSummary]:
    """Events a report may be about: begun, and ended at most a month ago."""
    today = _today()
    return [e for e in register.events(state().core)
            if e.starts_on <= today and (today - e.ends_on).days <= 31]


def _form_page(form: ReportForm, errors: list[str], status: int = 200,
               not_received: bool = False, shown_again: bool = True) -> Any:
    core = state().core
    return render_template("public/report.html", form=form, errors=errors,
                           not_received=not_received, today=_today().isoformat(),
                           files_kb=(core.config.web.attachment_max_kb,
                                     core.config.web.attachments_max_kb),
                           shown_again=shown_again,
                           events=_events(), numbers=core.config.emergency_numbers,
                           policy_url=core.config.web.policy_url,
                           limits=ReportForm.limits()), status


@blueprint.get("/")
def index() -> Any:
    return render_template("public/index.html",
                           numbers=state().core.config.emergency_numbers,
                           policy_url=state().core.config.web.policy_url)


@blueprint.get("/report")
def form() -> Any:
    return _form_page(ReportForm.empty(), [], shown_again=False)


def _allowed(purpose: str, limit: int) -> bool:
    return state().limiter.allow(purpose, request.remote_addr or "-", limit)


@blueprint.post("/report")
def submit() -> Any:
    core = state().core
    form = ReportForm.read(request.form)
    # An emergency has its own, higher limit: the fast track must stay open to a reporter
    # who (or whose shared address) used up the ordinary one.
    purpose, limit = (("report-emergency", core.config.web.emergency_reports_per_hour)
                      if form.is_emergency else ("report", core.config.web.reports_per_hour))
    if not _allowed(purpose, limit):
        return _form_page(form, [_rate_limited()], 429, not_received=True)
    errors = form.problems(_today(), {e.id for e in _events()})
    if errors:
        return _form_page(form, errors, 400, not_received=True)
    try:
        files = _attachments()
        filed = casework_web.file_web_report(core, form.to_report(g.lang), files)
    except BvrError as error:
        return _form_page(form, [error.text(g.lang)], 400, not_received=True)
    if filed.repeated:  # this page was sent before: the first answer showed the code
        return render_template("public/receipt.html", repeated=True)
    log.info("web report filed")  # no number, no content: the log is not the case file
    return render_template("public/receipt.html", filed=filed,
                           numbers=core.config.emergency_numbers,
                           policy_url=core.config.web.policy_url, zone=core.config.zone,
                           config_months=core.config.periods.investigation_months)


def _attachments() -> list[Cleaned]:
    """The files sent with the report, within the limits, checked by content and stripped of
    their metadata; a refusal (BvrError) names the file. An empty file field sends nothing."""
    from bvr.services import scrub  # Pillow is loaded only when a report comes in

    web = state().core.config.web
    uploads = [Upload(f.filename or "", f.read()) for f in request.files.getlist("attachments")
               if f.filename]
    check_sizes(uploads, web.attachment_max_kb, web.attachments_max_kb)
    return [scrub.clean(u) for u in uploads]


def _rate_limited() -> str:
    numbers = ", ".join(state().core.config.emergency_numbers)
    return t("web-public-rate-limited", numbers=numbers)


def _language() -> str:
    language = request.form.get("language", "")
    if language not in LANGUAGES:
        abort(400)
    return language


@blueprint.post("/report/language")
def relanguage() -> Any:
    """The form again in another language, with what was typed: a language link would lose
    it. Nothing is filed; the choice is remembered like `?uselang=`."""
    g.lang = _language()
    g.dir = direction(g.lang)
    page = make_response(_form_page(ReportForm.read(request.form), []))
    i18n.remember(page, g.lang)
    return page


@blueprint.get("/channel")
def channel_form() -> Any:
    return render_template("public/channel_login.html")


def _code() -> str:
    return request.form.get("code", "")[:200]


def _channel_page(code: str, status: int = 200, **values: Any) -> Any:
    """The channel with its messages, or, when the code no longer opens it, the code form."""
    try:
        view = casework_web.read_channel(state().core, code)
    except BvrError as error:
        return render_template("public/channel_login.html", error=error.text(g.lang)), 404
    return render_template("public/channel.html", view=view, code=code,
                           zone=state().core.config.zone, **values), status


@blueprint.post("/channel")
def channel() -> Any:
    core = state().core
    if not _allowed("channel", core.config.web.channel_per_hour):
        return render_template("public/channel_login.html", error=_rate_limited()), 429
    return _channel_page(_code())


@blueprint.post("/channel/write")
def channel_write() -> Any:
    core = state().core
    code = _code()
    draft = _draft()
    if not _allowed("channel", core.config.web.channel_per_hour):
        return _channel_kept(code, draft, _rate_limited(), 429)
    try:
        casework_web.reporter_writes(core, code, draft["text"], draft["kind"])
    except BvrError as error:
        return _channel_page(code, 400, notice=error.text(g.lang), failed=True, draft=draft)
    # Only an anonymous reporter is reassured that nobody knows who they are.
    return _channel_page(code, sent=True)


@blueprint.post("/channel/language")
def channel_language() -> Any:
    """The channel in another language, still open, with the message being written."""
    g.lang = _language()
    core = state().core
    if not _allowed("channel", core.config.web.channel_per_hour):
        page = make_response(_channel_kept(_code(), _draft(), _rate_limited(), 429))
    else:
        page = make_response(_channel_page(_code(), draft=_draft()))
    i18n.remember(page, g.lang)
    return page


def _draft() -> dict[str, str]:
    kind = request.form.get("kind", "")
    return {"text": request.form.get("text", "").replace("\r\n", "\n"),
            "kind": kind if kind in casework_web.REPORTER_KINDS else ""}


def _channel_kept(code: str, draft: dict[str, str], notice: str, status: int) -> Any:
    """The message form alone, with what was typed, when the channel cannot be read now
    (rate limited, or the request's token expired): nothing typed is lost."""
    return render_template("public/channel.html", view=None, code=code, draft=draft,
                           notice=notice, failed=True), status


@blueprint.errorhandler(400)
@blueprint.errorhandler(413)
def _kept(error: HTTPException) -> Any:
    """A refused request of a form page (an expired CSRF token, a post too large even to
    read) answers with the form and, when it could be read, what was typed."""
    from webhook.errors import page

    csrf = error.code == 400 and error.description == "csrf"
    if error.code == 400 and not csrf:
        return page(t("web-error-bad-request"), 400)
    notice = t("web-public-csrf") if csrf else t("web-public-too-large")
    try:
        data = request.form if csrf else None
    except HTTPException:
        data = None
    if request.endpoint in REPORT_FORM:
        form = ReportForm.read(data) if data is not None else ReportForm.empty()
        return _form_page(form, [notice], error.code or 400, not_received=True)
    if request.endpoint in CHANNEL_FORM:
        draft = _draft() if data is not None else {"text": "", "kind": ""}
        code = _code() if data is not None else ""
        return _channel_kept(code, draft, notice, error.code or 400)
    return page(t("web-error-too-large") if error.code == 413 else notice, error.code or 400)
