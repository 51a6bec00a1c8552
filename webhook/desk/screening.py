"""Pre-event screening on the desk (R-6.1, R-6.2; issue 6), for the roles the service names:

- the list of the stored runs this person can open, and one run decrypted with the session's
  unlocked key: the director and the board member BVR only (`screening.may_read`, R-6.2; like
  case files, R-15.2). A run id that does not exist and one this person cannot read get the
  same 404. Each reading is audited by the service (so is the re-reading that checks the
  participant of a measure);
- notes of R-6.1(b) on behaviour elsewhere: written by anyone who may enter a report (as
  `screening.add_note` enforces), read by the director and the board member BVR. The subject's
  username travels in a POST form, never in a URL (the request log shows paths);
- a measure of R-6.2 on a participant of a run (a talk, or a preventive exclusion with its
  letter from the template), recorded as a `MEASURE` entry in a case file the reader may open.

Every read and every change is audited by the service. Nothing of a run, a note or a letter
is logged, mailed, put in a URL or in a flash message (which travels in the session cookie).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import abort, flash, g, redirect, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from bvr.casenumber import InvalidCaseNumber
from bvr.errors import BvrError
from bvr.i18n import FALLBACK, LANGUAGES, catalogue
from bvr.rules.access import REPORT_ENTRY_ROLES
from bvr.rules.verdict import RuleRefused
from bvr.services import screening
from webhook import refusals
from webhook.auth.guard import desk_required
from webhook.desk import blueprint, forms
from webhook.desk.cases import local_time
from webhook.i18n import t
from webhook.state import current_core

READERS = screening.READER_ROLES
#: Run ids are database integers: a larger number in the URL is simply not a page (404),
#: rather than a value the database cannot compare.
RUN_ID = "<int(min=1, max=2147483647):run_id>"
#: Refusals that mean "no such case file for you": all get the same words (R-15.2).
CASE_NOT_AVAILABLE = frozenset({"core-case-unknown", "core-case-not-shared",
                                "core-casenumber-format", "core-casenumber-check",
                                "core-vault-not-shared"})
CASE_ACCESS_REASONS = frozenset({"rules-access-involved", "rules-access-not-allowed",
                                 "rules-access-appeal-only", "rules-access-confidant",
                                 "rules-access-director-stepped-aside"})
RUN_NOT_AVAILABLE = frozenset({"screening-run-unknown", "core-vault-not-shared"})



@blueprint.context_processor
def _menu() -> dict[str, bool]:
    """For the desk's home page: which screening links this person gets."""
    roles = g.get("roles") or frozenset()
    return {"screening_reads": bool(roles & READERS),
            "screening_notes": bool(roles & REPORT_ENTRY_ROLES)}


def _read(run_id: int) -> dict[str, Any]:
    """The run for this reader, or the same 404 for an unknown and an unreadable id."""
    try:
        return screening.read_run(current_core(), run_id, g.desk.username, g.desk.key)
    except RuleRefused:
        abort(404)
    except BvrError as error:
        if error.message.key in RUN_NOT_AVAILABLE:
            abort(404)
        raise


def link(url: object) -> str:
    """A finding's link, only if it is a web address (never `javascript:` or the like)."""
    text = str(url or "")
    return text if text.startswith(("https://", "http://")) else ""


#: The reader's words for the codes in a run (`bot/screening/findings.py`) and for the
#: measures of R-6.2, by what they name. Written out, so every key is seen where it is used.
WORDS: dict[str, dict[str, str]] = {
    "source": {"page": "web-screening-source-page",
               "campaign-event": "web-screening-source-campaign-event",
               "csv": "web-screening-source-csv"},
    # R-6.1's checks (a)-(d), by their letter, and the bot's own identity check
    "check": {"a": "web-screening-check-a", "b": "web-screening-check-b",
              "c": "web-screening-check-c", "d": "web-screening-check-d",
              "identity": "web-screening-check-identity"},
    "kind": {"wmnl-sanction": "web-screening-kind-wmnl-sanction",
             "wmnl-sanction-info": "web-screening-kind-wmnl-sanction-info",
             "global-ban": "web-screening-kind-global-ban", "lock": "web-screening-kind-lock",
             "global-block": "web-screening-kind-global-block",
             "block": "web-screening-kind-block",
             "partial-block": "web-screening-kind-partial-block",
             "block-history": "web-screening-kind-block-history",
             "noticeboard": "web-screening-kind-noticeboard", "note": "web-screening-kind-note",
             "renamed": "web-screening-kind-renamed"},
    "detail": {"by": "web-screening-detail-by", "bywiki": "web-screening-detail-bywiki",
               "since": "web-screening-detail-since", "partial": "web-screening-detail-partial",
               "to": "web-screening-detail-to", "at": "web-screening-detail-at",
               "action": "web-screening-detail-action", "hint": "web-screening-detail-hint",
               "see": "web-screening-detail-see", "sanction": "web-screening-detail-sanction"},
    "value": {"unknown": "web-screening-value-unknown",
              "global-bans-are-enforced-as-locks":
                  "web-screening-value-global-bans-are-enforced-as-locks",
              "sanctions-register": "web-screening-value-sanctions-register",
              # the type of a WMNL sanction in force shown as information (R-6.1(a))
              "no_contact": "web-desk-sanction-no-contact", "other": "web-desk-sanction-other",
              "infinity": "web-screening-value-infinity",
              "infinite": "web-screening-value-infinity"},
    "measure": {"talk": "web-screening-measure-talk",
                "preventive_exclusion": "web-screening-measure-preventive-exclusion"},
}


def worded(what: str, value: object) -> str:
    """The reader's word for a code (a finding's kind, a detail), else the code itself: a run
    written by a newer version still shows."""
    raw = str(value)
    key = WORDS[what].get(raw)
    return t(key) if key is not None else raw


def expiry(value: object) -> str:
    """A block's expiry as the wiki gave it (`infinity` or an ISO time in UTC), in the reader's
    words and the association's time."""
    raw = str(value or "")
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        return worded("value", raw)
    return local_time(moment if moment.tzinfo else moment.replace(tzinfo=UTC))


def status_word(value: object) -> str:
    """A participant's status in the reader's words (the table's words of `bvr screen`)."""
    key = f"screening-status-{value}"
    return t(key) if key in catalogue(FALLBACK) else str(value)


def _run_page(run_id: int, run: dict[str, Any], values: MultiDict[str, str] | None = None,
              status: int = 200) -> tuple[str, int]:
    core = current_core()
    source = run.get("source", {})
    participants = run.get("report", {}).get("participants", [])
    defaults: MultiDict[str, str] = MultiDict({
        "event": str(source.get("title") or source.get("id") or ""),
        "language": core.config.language})
    return render_template("desk/screening_run.html", run_id=run_id, source=source,
                           participants=participants, measures=screening.MEASURES,
                           # Runs stored before ADR 0012 name the count "count".
                           notes=[{("num" if k == "count" else k): v for k, v in n.items()}
                                  for n in run.get("report", {}).get("notes", [])],
                           languages=LANGUAGES, values=values or defaults, link=link,
                           worded=worded, status_word=status_word, expiry=expiry), status


@blueprint.get("/screening")
@desk_required(*READERS)
def screening_runs() -> Any:
    try:
        runs = screening.readable_runs(current_core(), g.desk.username)
    except RuleRefused:
        abort(403)
    return render_template("desk/screening.html", runs=runs, worded=worded)


@blueprint.get(f"/screening/{RUN_ID}")
@desk_required(*READERS)
def screening_run(run_id: int) -> Any:
    return _run_page(run_id, _read(run_id))


@blueprint.post(f"/screening/{RUN_ID}/measure")
@desk_required(*READERS)
def screening_measure(run_id: int) -> Any:
    """R-6.2: a measure on a participant of this run, into case file `number`."""
    run = _read(run_id)
    core = current_core()
    names = {p.get("name") for p in run.get("report", {}).get("participants", [])}
    number = request.form.get("number", "").strip()
    try:
        participant = forms.text("participant", 255)
        if participant not in names:
            raise BvrError("web-screening-participant-unknown")
        language = request.form.get("language", "")
        if language not in LANGUAGES:
            raise BvrError("web-field-choice", field="language")
        letter = screening.record_measure(
            core, forms.text("number", 40).strip(), g.desk.username, g.desk.key,
            participant=participant, measure=request.form.get("measure", ""),
            event=forms.text("event", 500), reason=forms.text("reason", 5000),
            lang=language, run_id=run_id)
    except RuleRefused as refusal:
        if refusal.verdict.reason in CASE_ACCESS_REASONS:
            flash(t("web-screening-case-unavailable", number=number), "error")
        else:
            flash(refusals.shown(refusal), "error")
        return _run_page(run_id, run, request.form, 403)
    except (InvalidCaseNumber, BvrError) as error:
        if error.message.key in CASE_NOT_AVAILABLE:
            flash(t("web-screening-case-unavailable", number=number), "error")
        else:
            flash(refusals.shown(error), "error")
        return _run_page(run_id, run, request.form, 400)
    if not letter:
        flash(t("screening-measure-recorded", number=number), "info")
        return redirect(url_for("desk.case", number=number)), 303
    return render_template("desk/screening_letter.html", number=number, run_id=run_id,
                           letter=letter)


@blueprint.route("/screening/notes", methods=["GET", "POST"])
@desk_required(*REPORT_ENTRY_ROLES)
def screening_notes() -> Any:
    """R-6.1(b): record a note about a username (who may: as `add_note` enforces)."""
    if request.method == "GET":
        return render_template("desk/screening_notes.html", values=MultiDict(), notes=None)
    try:
        subject = forms.text("subject", 255).strip()
        if not subject:
            raise BvrError("web-screening-subject-empty")
        note_id = screening.add_note(current_core(), g.desk.username, subject,
                                     forms.text("text", 20_000))
    except (BvrError, RuleRefused) as error:  # keep what was typed, say why
        flash(refusals.shown(error), "error")
        return render_template("desk/screening_notes.html", values=request.form,
                               notes=None), 403 if isinstance(error, RuleRefused) else 400
    flash(t("screening-note-added", note=note_id), "info")
    return redirect(url_for("desk.screening_notes")), 303


@blueprint.post("/screening/notes/read")
@desk_required(*READERS)
def screening_notes_read() -> Any:
    """R-6.1(b), R-6.2: the notes about one username, for the director and the board member
    BVR (the reading is audited by the service)."""
    subject = request.form.get("subject", "").strip()[:255]
    if not subject:
        flash(t("web-screening-subject-empty"), "error")
        return render_template("desk/screening_notes.html", values=MultiDict(),
                               notes=None), 400
    try:
        notes = screening.read_notes(current_core(), g.desk.username, g.desk.key, subject)
    except RuleRefused:
        abort(403)
    return render_template("desk/screening_notes.html", values=MultiDict(),
                           subject=subject, notes=notes)
