"""Reports sealed on the reader's device (issue 10, ADR 0005): open them in memory, read them.

The wiki holds `{{BVR-sealed | v=1 | kid=... | emergency=yes/no | language=nl | enc=... |
ciphertext=...}}`: HPKE ciphertext of the report's fields as JSON, sealed in the browser to
the intake key (`bvr/intake_key.py`, the gadget in `gadget/`). Only `emergency` and
`language` stay readable, for routing; they and the saving account are the associated data,
so changing them, or copying the sealed text into a page saved by someone else, makes the
report fail to open.

Three steps, so that the intake job's plain path stays as it is:

- `opened(page, keys)`: the same page with every sealed revision's text replaced by the
  opened report (JSON, marked), in memory only;
- `parse(text)`: the report of an opened text; for a sealed text that did not open, a note
  with the readable routing fields and the problem `sealed-unopened`; None for any other
  page (the plain path's `form.parse` reads it);
- `read(page)`: the report and the page the job keeps as the raw copy: for an opened report
  its fields as JSON without the text (which is the report's text already: a 200 kB report
  is not stored twice), for one that did not open the sealed text as it is (nothing is lost:
  a key found later opens it from the case file).

The fields come from JSON, not wikitext: a `|`, `}}`, `<nowiki>` or HTML in the text is the
reporter's text and reaches the case file exactly as typed.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import mwparserfromhell

from bot.intake import form
from bot.intake.wiki import ReportPage, Revision
from bvr import intake_key
from bvr.i18n import translate
from bvr.intake_key import IntakeKey, SealError

log = logging.getLogger("bvr.intake")

#: The template the gadget writes (installed by `bvr wiki install`, `bot/install/gadget.py`).
TEMPLATE = "BVR-sealed"
#: The first key of an opened report's JSON: what tells `parse` it is one.
OPENED = "bvr-sealed-report"
TEXT_FIELDS = ("what", "when", "where", "who", "contact")
KNOWN_FIELDS = frozenset({*TEXT_FIELDS, "role", "emergency", "language"})


@dataclass(frozen=True)
class SealedText:
    """The fields of a sealed report template (all readable anyway)."""

    kid: str
    enc: str
    ciphertext: str
    emergency: bool
    language: str


def find(wikitext: str) -> SealedText | None:
    """The sealed report in `wikitext`, or None when the page is not one (only the template,
    with its version 1 fields, and nothing else around it)."""
    # A cheap test first: the plain path's pages (parsed by `form.parse` anyway) pass here.
    if TEMPLATE.lower() not in wikitext[:1000].lower() or len(wikitext) > form.MAX_PARSE_CHARS:
        return None
    code = mwparserfromhell.parse(wikitext)
    templates = code.filter_templates(recursive=False)
    if len(templates) != 1 or _name(templates[0].name) != TEMPLATE.lower() \
            or str(code).strip() != str(templates[0]).strip():
        return None
    fields = {_name(p.name): str(p.value).strip() for p in templates[0].params}
    if fields.get("v") != "1" or not all(fields.get(k) for k in ("kid", "enc", "ciphertext")):
        return None
    return SealedText(fields["kid"], fields["enc"], fields["ciphertext"],
                      fields.get("emergency", "").lower() in form.YES,
                      fields.get("language", "").lower())


def opened(page: ReportPage, keys: list[IntakeKey], lang: str = "en") -> ReportPage:
    """`page` with each sealed revision opened (in memory); others are left as they are."""
    revisions = tuple(_open_revision(revision, keys, lang) for revision in page.revisions)
    return page if revisions == page.revisions else replace(page, revisions=revisions)


def _open_revision(revision: Revision, keys: list[IntakeKey], lang: str) -> Revision:
    sealed = find(revision.text)
    if sealed is None:
        return revision
    user = "" if revision.anonymous else revision.user
    try:
        plaintext = intake_key.open_sealed(
            keys, sealed.kid, intake_key.unb64url(sealed.enc),
            intake_key.unb64url(sealed.ciphertext),
            intake_key.aad(sealed.kid, user, sealed.emergency, sealed.language))
        fields = json.loads(plaintext.decode("utf-8"))
        if not isinstance(fields, dict):
            raise SealError("not a JSON object")
    except (SealError, ValueError) as error:
        reason = str(error) if isinstance(error, SealError) else type(error).__name__
        log.warning(translate("sealed-log-unopened", lang, revid=revision.revid,
                              kid=sealed.kid, reason=reason))
        return revision
    text = json.dumps({OPENED: 1, "kid": sealed.kid, "fields": fields}, ensure_ascii=False)
    return replace(revision, text=text)


def parse(text: str) -> form.ParsedReport | None:
    """The report in an opened or sealed text; None when `text` is neither."""
    if text.startswith("{\"" + OPENED + "\""):
        try:
            document = json.loads(text)
        except ValueError:
            document = None
        if isinstance(document, dict) and isinstance(document.get("fields"), dict):
            return _report(document["fields"])
    sealed = find(text)
    if sealed is None:
        return None
    note = f"[sealed report, not opened: key {sealed.kid}; the sealed text is in the raw copy]"
    return form.ParsedReport(what=note, emergency=sealed.emergency,
                             language=sealed.language, problems=("sealed-unopened",))


def read(page: ReportPage) -> tuple[ReportPage, form.ParsedReport] | None:
    """(page for the raw copy, report) of an opened or sealed page; None for other pages."""
    report = parse(page.latest.text)
    if report is None:
        return None
    revisions = tuple(replace(r, text=_without_text(r.text)) for r in page.revisions)
    return replace(page, revisions=revisions), report


def _without_text(text: str) -> str:
    """An opened revision's JSON without the report text (kept as the report's text)."""
    try:
        document = json.loads(text) if text.startswith("{\"" + OPENED + "\"") else None
    except ValueError:
        document = None
    if not isinstance(document, dict) or not isinstance(document.get("fields"), dict):
        return text
    fields = dict(document["fields"])
    if "what" in fields:
        fields["what"] = f"[the report text, {len(_text(fields['what']))} characters]"
    return json.dumps({**document, "fields": fields}, ensure_ascii=False)


def _report(fields: dict[str, Any]) -> form.ParsedReport:
    values = {name: _text(fields.get(name)) for name in TEXT_FIELDS}
    extra = [f"{name}: {_text(value)}" for name, value in sorted(fields.items())
             if name not in KNOWN_FIELDS and _text(value)]
    what = "\n\n".join([values["what"], *extra]).strip() if extra else values["what"]
    role = _text(fields.get("role")).lower()
    return form.ParsedReport(
        what=what, when=values["when"], incident_on=_date(values["when"]),
        where=values["where"], who=values["who"], respondents=_usernames(values["who"]),
        role=role if role in {"victim", "witness"} else "", contact=values["contact"],
        emergency=fields.get("emergency") is True,
        language=_text(fields.get("language")).lower(),
        problems=("unknown-field",) if extra else ())


def _text(value: Any) -> str:
    """A field's text exactly as typed (no stripping inside: the reporter's own words)."""
    if value is None or isinstance(value, bool):
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _usernames(who: str) -> tuple[str, ...]:
    """Usernames linked as [[User:Name]] in the "who" field, for the blind index."""
    return tuple(dict.fromkeys(form.linked_users(mwparserfromhell.parse(who))))


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def _name(node: Any) -> str:
    return " ".join(str(node).replace("_", " ").split()).lower()
