"""What a reader sees on a page, and the raw values in it (issue 13, "No raw value on any
screen"): enumeration values, message keys, English words on a Dutch or Swedish page,
unformatted timestamps and requirement IDs used as labels.

`visible(html)` takes the page's text as a reader meets it: the text nodes outside
<script>/<style>, plus the attributes a browser shows or reads aloud (`title`, `placeholder`,
`aria-label`, a button's `value`), never other attribute values (an <option value="in_handling">
is the form's business, not the reader's). Each piece remembers whether it sits in another
language (`lang="en"` on a quotation of the protocol, the language switch's "English"), in a
flash message, or in a "why?" link.

`findings(pieces, lang)` lists what is wrong; the vocabulary comes from the code (every StrEnum
of `bvr`, the audit actions, the system actors) and the message files, so a new enum value or
message is checked without touching this file.
"""

from __future__ import annotations

import enum
import importlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser

from bvr.i18n import catalogue

#: Modules whose StrEnums a page could show (their values are stored and passed to templates).
ENUM_MODULES = ("bvr.domain", "bvr.usernames", "bvr.services.keyring", "bvr.services.overview",
                "bvr.rules.deadlines", "bvr.rules.considerations", "bvr.rules.board",
                "bvr.rules.investigation", "bvr.rules.disclosure", "bvr.rules.acknowledgements")

#: English words that are never Dutch or Swedish, matched as whole words, case-insensitively.
#: `test_the_english_list_is_not_dutch_or_swedish` checks it against the nl and sv message
#: files, so a word here never flags a translated text. Not here, being Dutch or Swedish too:
#: "status", "incident", "in", "is", "of" (nl "or"), "and" (sv "duck"), "not" (sv "note").
ENGLISH = frozenset({
    "case", "cases", "received", "handling", "board", "appeal", "appeals", "warning",
    "sanction", "sanctions", "report", "reports", "none", "true", "false", "director",
    "decided", "declined", "closed", "pending", "emergency", "deadline", "deadlines",
    "overdue", "hearing", "draft", "committee", "confidant", "reporter", "respondent",
    "witness", "victim", "submit", "save", "the", "with", "please", "you", "your",
    "error", "login", "password", "unlock", "what", "happened", "when", "who", "anonymous",
    "message", "messages", "send", "found", "forbidden", "allowed", "unknown", "yes",
    "settings", "announced", "outline", "nothing", "exclusion", "harassment", "investigation",
    "decision", "correspondence", "consultation", "note", "notes", "measure", "support",
    "record", "would", "should", "cannot", "this", "that", "there", "been",
    "has", "have", "which", "from", "infinity", "infinite",
})

#: Enum values that are also ordinary words in Dutch or Swedish, so they cannot be told from
#: a translation; each is checked to be in that language's message files.
SAME_WORD = {"nl": frozenset({"account", "incident", "met", "privacy", "screening", "status"}),
             "sv": frozenset({"incident", "information", "status"})}

_TIMESTAMP = (
    # With seconds but no zone after it: a naive datetime's str()
    (re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?![.\d]*\s?(?:Z\b|[A-Z]{3,5}|[+-]\d))"),
     "timestamp without zone"),
    (re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}"), "ISO timestamp"),
    (re.compile(r"\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?[+-]\d{2}:?\d{2}\b"), "UTC offset"),
    (re.compile(r"\bUTC\b|\bGMT\b"), "UTC time"),
    (re.compile(r"\b(?:datetime|date|timedelta|Decimal)\("), "Python repr"),
    (re.compile(r"<[\w.]+ object at 0x"), "Python repr"),
    (re.compile(r"\{'\w+':|\['\w+'(?:,|\])"), "Python repr"),
)
_RULE_ID = re.compile(r"\bR-\d+(?:\.\d+)?\b")
_KEYISH = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)+")
_SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
_WORD = re.compile(r"[^\W\d_]+")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "param", "source", "track", "wbr"})
_SHOWN_ATTRIBUTES = ("title", "placeholder", "aria-label")


@dataclass(frozen=True)
class Piece:
    text: str
    foreign: bool = False  # inside an element marked as another language
    flash: bool = False  # inside a flash message (`<p class="flash ...">`)
    why: bool = False  # inside a "why?" link


@dataclass(frozen=True)
class Finding:
    kind: str
    value: str
    context: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.value!r} in …{self.context}…"


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = ""
        self.pieces: list[Piece] = []
        # (tag, skipped, foreign, flash, why) for every open element
        self.stack: list[tuple[str, bool, bool, bool, bool]] = []

    def _state(self) -> tuple[bool, bool, bool, bool]:
        if not self.stack:
            return False, False, False, False
        return self.stack[-1][1:]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        skipped, foreign, flash, why = self._state()
        if tag == "html":
            self.lang = found.get("lang", "")
        elif "lang" in found:
            foreign = found["lang"] != self.lang
        skipped = skipped or tag in {"script", "style"}
        classes = found.get("class", "").split()
        flash = flash or "flash" in classes
        why = why or (tag == "a" and "why" in classes)
        if not skipped:
            shown = [found[a] for a in _SHOWN_ATTRIBUTES if found.get(a)]
            if (tag == "button" or (tag == "input" and found.get("type") in {"submit", "button",
                                                                              "reset"})):
                shown += [found["value"]] if found.get("value") else []
            self.pieces += [Piece(text, foreign, flash, why) for text in shown]
        if tag not in _VOID:
            self.stack.append((tag, skipped, foreign, flash, why))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        skipped, foreign, flash, why = self._state()
        if not skipped and data.strip():
            self.pieces.append(Piece(" ".join(data.split()), foreign, flash, why))


def visible(html: str) -> tuple[str, list[Piece]]:
    """The page's language (`<html lang>`) and its visible text, piece by piece."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.lang, reader.pieces


@cache
def enum_values() -> frozenset[str]:
    values: set[str] = set()
    for name in ENUM_MODULES:
        module = importlib.import_module(name)
        for thing in vars(module).values():
            if (isinstance(thing, type) and issubclass(thing, enum.Enum)
                    and thing.__module__ == name):
                values |= {str(member.value) for member in thing}
    from bvr.services import auditlog

    values |= set(auditlog.SYSTEM_ACTORS)
    # Audit actions, as the log stores them ("login-local"); their sentences are messages.
    values |= {key.removeprefix("audit-action-") for key in catalogue("en")
               if key.startswith("audit-action-")}
    return frozenset(values)


@cache
def message_keys() -> frozenset[str]:
    return frozenset(catalogue("en"))


def findings(pieces: list[Piece], lang: str, *, rule_ids: bool = True) -> list[Finding]:
    """Everything raw in a page's visible text. `rule_ids=False` on the "why?" page, whose
    subject is the requirement it names."""
    found: list[Finding] = []
    for piece in pieces:
        text = piece.text
        found += [_finding(kind, value, text) for kind, value in _raw(piece, lang, rule_ids)]
    return found


def _finding(kind: str, value: str, text: str) -> Finding:
    at = text.find(value)
    return Finding(kind, value, text[max(0, at - 30):at + len(value) + 30])


def _raw(piece: Piece, lang: str, rule_ids: bool) -> Iterator[tuple[str, str]]:
    text = piece.text
    if "⧼" in text or "⧽" in text:
        yield "missing message", text
    yield from (("message key", token) for token in _KEYISH.findall(text)
                if token in message_keys())
    for pattern, kind in _TIMESTAMP:
        yield from ((kind, match) for match in pattern.findall(text))
    if piece.foreign:  # a quotation in its own language: only keys and times apply
        return
    # A key is reported once, not again for the words it is made of.
    rest = _KEYISH.sub(lambda m: " " if m.group(0) in message_keys() else m.group(0), text)
    yield from _values(rest, lang)
    if lang != "en":
        yield from (("English word", word) for word in _WORD.findall(rest)
                    if word.lower() in ENGLISH)
    # R-IDs are "why?" links, in flash messages (refusals) too.
    if rule_ids and not piece.why:
        yield from (("requirement ID as label", match) for match in _RULE_ID.findall(text))


def _values(text: str, lang: str) -> Iterator[tuple[str, str]]:
    """Enumeration values and audit ids, whole or inside an audit id such as
    "status:received->in_handling"; and any other snake_case identifier."""
    raw_values = enum_values() - SAME_WORD.get(lang, frozenset())
    for token in re.findall(r"[\w:>-]+", text):
        parts = dict.fromkeys((token, *re.split(r"->|[:>]", token)))
        hit = next((part for part in parts if part in raw_values), None)
        if hit:
            yield "raw value", hit
    yield from (("identifier", token) for token in _SNAKE.findall(text)
                if token not in raw_values)
