"""Reading a saved report: the report template's fields, from hostile wikitext.

The page is whatever a person (or an attacker) saved: the template may be missing, doubled,
full of `}}`, `|`, `<nowiki>`, comments or HTML, or 100 kB long. mwparserfromhell does the
parsing (never regular expressions on wikitext); this module decides what the fields mean.
Nothing is thrown away: fields we do not know are kept in the report text, a page without the
template is filed as free text, and the raw wikitext always goes into the encrypted record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import mwparserfromhell

from bvr import usernames

#: Names of the report template, in every language set (`templates_wiki/<lang>/`).
TEMPLATE_NAMES = frozenset({"bvr-melding", "bvr report", "bvr-anmälan"})

#: Field names of the report template in every language, to one canonical name.
FIELD_ALIASES: dict[str, str] = {
    "wat": "what", "what": "what", "vad": "what",
    "wanneer": "when", "when": "when", "när": "when",
    "waar": "where", "where": "where", "var": "where",
    "wie": "who", "who": "who", "vem": "who",
    "rol": "role", "role": "role", "roll": "role",
    "contact": "contact", "kontakt": "contact",
    "noodgeval": "emergency", "emergency": "emergency", "nödsituation": "emergency",
    "taal": "language", "language": "language", "språk": "language",
}
YES = frozenset({"ja", "yes", "j", "y", "1", "true", "x", "waar", "sant"})
VICTIM = frozenset({"slachtoffer", "victim", "offer", "drabbad"})
WITNESS = frozenset({"getuige", "witness", "vittne"})
TEMPLATE_NAMESPACES = frozenset({"template", "sjabloon", "mall"})
#: A parse of more than this many characters is refused; the raw text is still kept.
MAX_PARSE_CHARS = 500_000
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")  # on a plain field value, not on wikitext


@dataclass(frozen=True)
class ParsedReport:
    """What a report page says. `problems` name what was odd (for a log line, no content)."""

    what: str
    when: str = ""
    incident_on: date | None = None
    where: str = ""
    who: str = ""
    respondents: tuple[str, ...] = ()  # wiki usernames linked in "who"
    role: str = ""  # "victim", "witness" or ""
    contact: str = ""
    emergency: bool = False
    language: str = ""
    problems: tuple[str, ...] = field(default=())

    @property
    def empty(self) -> bool:
        return not any((self.what, self.when, self.where, self.who, self.contact))

    def text(self) -> str:
        """The report's text: what happened, or, when that field is empty, the other fields
        (a report that says only who and where is still a report)."""
        if self.what:
            return self.what
        return "\n".join(f"{label}: {value}" for label, value in (
            ("when", self.when), ("where", self.where), ("who", self.who),
            ("contact", self.contact)) if value)


def parse(wikitext: str) -> ParsedReport:
    """The report in `wikitext`: the first report template's fields, or the text itself."""
    if len(wikitext) > MAX_PARSE_CHARS:
        return ParsedReport(what=wikitext[:MAX_PARSE_CHARS].strip(), problems=("too-long",))
    try:
        code = mwparserfromhell.parse(wikitext, skip_style_tags=True)
    except Exception:  # the parser's own failures; the raw text is kept regardless
        return ParsedReport(what=wikitext.strip(), problems=("unparsable",))
    templates = [t for t in code.filter_templates(recursive=False) if _is_report(t)]
    if not templates:
        return ParsedReport(what=_plain(code), problems=("no-template",))
    parsed = _by_template(code, templates)
    if {"text-outside-template", "unknown-field"} & set(parsed.problems):
        # A `|` or `}}` typed in a field ended it: read the fields between the form's own
        # field lines instead, so the fields after it survive and the text stays whole.
        return _by_field_lines(wikitext, templates[0]) or parsed
    return parsed


def _by_template(code: Any, templates: list[Any]) -> ParsedReport:
    """The fields as MediaWiki reads them: the template's parameters."""
    problems = ["several-templates"] if len(templates) > 1 else []
    fields: dict[str, str] = {}
    extra: list[str] = []
    for template in templates:
        for param in template.params:
            name = _name(param.name)
            canonical = FIELD_ALIASES.get(name)
            # The text as typed (markup and all, comments dropped); short fields as read.
            value = _without_comments(str(param.value)).strip() if canonical == "what" \
                else _plain(param.value)
            if canonical is None:
                if value:
                    extra.append(f"{str(param.name).strip()}: {value}")
                    problems.append("unknown-field")
            elif value and canonical not in fields:
                fields[canonical] = value
            elif value:
                extra.append(f"{str(param.name).strip()}: {value}")
    outside = _plain_outside(code, templates)
    if outside:
        extra.append(outside)
        problems.append("text-outside-template")
    return _report(fields, extra, _usernames(templates), problems)


def _report(fields: dict[str, str], extra: list[str], respondents: tuple[str, ...],
            problems: list[str]) -> ParsedReport:
    what = "\n\n".join([fields.get("what", ""), *extra]).strip()
    when = fields.get("when", "")
    role = fields.get("role", "").lower()
    return ParsedReport(
        what=what, when=when, incident_on=_date(when), where=fields.get("where", ""),
        who=fields.get("who", ""), respondents=respondents,
        role="victim" if role in VICTIM else "witness" if role in WITNESS else "",
        contact=fields.get("contact", ""),
        emergency=fields.get("emergency", "").strip().lower() in YES,
        language=fields.get("language", "").strip().lower(),
        problems=tuple(dict.fromkeys(problems)))


def _by_field_lines(wikitext: str, template: Any) -> ParsedReport | None:
    """The fields as the form lays them out: each starts on a line of its own, `| name =`,
    and runs to the next such line; the template ends at the page's last `}}`. The text of a
    field is taken as typed (`|`, `}}`, `<nowiki>`, a lone `-->` included), only comments
    dropped. None when the page has no such lines (not the form's layout)."""
    start = wikitext.find(str(template))
    if start < 0:
        return None
    opening = wikitext[start + 2:].split("\n", 1)[0]
    if opening.strip() != str(template.name).strip():
        return None  # fields on the template's own line: not the form's layout
    body_start = start + 2 + len(opening)
    end = wikitext.rfind("}}")
    end = end if end >= body_start else len(wikitext)
    entries: list[tuple[str, list[str]]] = []  # (canonical name, its lines), in order
    before: list[str] = []
    for line in wikitext[body_start:end].split("\n"):
        name, value = _field_line(line)
        if name is not None:
            entries.append((name, [value]))
        elif entries:
            entries[-1][1].append(line)
        elif line.strip():
            before.append(line.strip())
    if not entries:
        return None
    fields: dict[str, str] = {}
    extra: list[str] = [*before]
    respondents: tuple[str, ...] = ()
    for name, lines in entries:
        value = _without_comments("\n".join(lines)).strip()
        if name == "who" and not respondents:
            respondents = linked_users(mwparserfromhell.parse(value))
        if name in fields:  # a field given twice: the second joins the text
            if value:
                extra.append(f"{name}: {value}")
            continue
        fields[name] = value if name == "what" else _plain(value) if value else ""
    outside = _plain(mwparserfromhell.parse(wikitext[:start] + wikitext[end + 2:]))
    if outside:
        extra.append(outside)
    return _report(fields, extra, respondents, ["field-lines"])


def _field_line(line: str) -> tuple[str | None, str]:
    """(canonical field name, rest of the line) when `line` opens a known field."""
    stripped = line.lstrip()
    if not stripped.startswith("|"):
        return None, ""
    name, equals, value = stripped[1:].partition("=")
    canonical = FIELD_ALIASES.get(_name(name)) if equals else None
    return (canonical, value) if canonical else (None, "")


def _without_comments(text: str) -> str:
    code = mwparserfromhell.parse(text)
    for comment in code.filter_comments():
        try:
            code.remove(comment)
        except ValueError:
            continue
    return str(code)


def _is_report(template: Any) -> bool:
    namespace, colon, name = _name(template.name).partition(":")
    if colon and namespace.strip() in TEMPLATE_NAMESPACES:
        return name.strip() in TEMPLATE_NAMES
    return _name(template.name) in TEMPLATE_NAMES


def _name(node: Any) -> str:
    return " ".join(str(node).replace("_", " ").split()).lower()


def _plain(node: Any) -> str:
    """The readable text of a node: comments dropped, markup kept where it is the text."""
    code = mwparserfromhell.parse(str(node))  # a copy: the page's tree stays as saved
    for comment in code.filter_comments():
        try:
            code.remove(comment)
        except ValueError:
            continue
    return str(code.strip_code(normalize=True, collapse=True, keep_template_params=True)
               ).strip() or str(code).strip()


def _plain_outside(code: Any, templates: list[Any]) -> str:
    rest = mwparserfromhell.parse(str(code))
    for template in rest.filter_templates(recursive=False):
        if _is_report(template):
            rest.remove(template)
    text = _plain(rest)
    return text if text.strip() else ""


def _usernames(templates: list[Any]) -> tuple[str, ...]:
    """Usernames linked as [[User:Name]] in the "who" field, for the blind index."""
    names: list[str] = []
    for template in templates:
        for param in template.params:
            if FIELD_ALIASES.get(_name(param.name)) == "who":
                names += linked_users(param.value)
    return tuple(dict.fromkeys(names))


def linked_users(code: Any) -> tuple[str, ...]:
    """The users linked in `code` ([[User:Name]] in any spelling MediaWiki reads as one)."""
    names: list[str] = []
    for link in code.filter_wikilinks():
        # As MediaWiki resolves the link (bvr.usernames): "[[\u200eGebruiker:dora]]"
        # and "[[User:Dora/sandbox]]" are Dora, "[[User talk:Dora]]" is not a user.
        user = usernames.user_of_link(str(link.title))
        if user is not None and user.kind is not usernames.NameKind.INVALID:
            names.append(user.name)
    return tuple(names)


def _date(value: str) -> date | None:
    text = value.strip()[:10]
    if not _ISO_DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None
