"""Participants on a registration page, read with mwparserfromhell (never with regular
expressions on wikitext).

A registration page mixes conventions: user links (`[[User:X]]`, `[[Gebruiker:X|...]]`,
`[[Special:Contributions/X]]`), signatures (a user link and a user talk link), templates
(`{{u|X}}`, `{{ping|X|Y}}`, `{{Deelnemer|naam=X}}`), bare names in list items, and tables
with a username column. Comments, `<nowiki>` and `<pre>` hold no participants. The parser
cannot see what templates expand to (mwparserfromhell's limitation): a template that is not
listed in `ParseOptions.templates` is searched for links in its arguments only.

Sections count (issue 14): a person listed under a heading that means "withdrawn"
(`== Afgemeld ==`) is left out, with everything in its subsections; when the page has headings
that mean "registered" (`== Deelnemers ==`), only those sections are read, so organisers named
in an introduction are not screened as participants; `section` (the `--section` option) reads
only the sections of that heading. `read` returns what was left out, and why, for the run's
summary. Headings come from `[screening.sections]` (nl, en and sv defaults).

Hostile input is expected: a page is refused above `MAX_PAGE_BYTES`, and names are
normalised and classified by `bot.screening.names`, so "[[user:jan_de vries]]" and
"[[Gebruiker:Jan de Vries]]" are one participant.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import mwparserfromhell
from mwparserfromhell.nodes import Node, Tag, Template, Text, Wikilink
from mwparserfromhell.wikicode import Wikicode

from bot.screening.names import normalise
from bot.screening.participants import Participant, from_names, unique
from bvr.config import SectionHeadings
from bvr.errors import BvrError

MAX_PAGE_BYTES = 2 * 1024 * 1024
MAX_LIST_NAME_CHARS = 85  # a list item longer than this is prose, not a name

DEFAULT_USER_NAMESPACES = frozenset({"user", "gebruiker", "gebruikster", "användare", "u"})
DEFAULT_TALK_NAMESPACES = frozenset({"user talk", "overleg gebruiker", "overleg gebruikster",
                                     "användardiskussion", "ut"})
DEFAULT_CONTRIBUTIONS = frozenset({"special:contributions", "speciaal:bijdragen",
                                   "special:bidrag", "speciaal:contributions"})
#: Templates whose positional arguments (or `user`/`naam`/... arguments) are usernames.
DEFAULT_TEMPLATES = frozenset({"u", "user", "user0", "userlinks", "gebruiker", "ping",
                               "reply to", "replyto", "noping", "deelnemer", "participant",
                               "deltagare", "användare"})
NAME_PARAMETERS = ("user", "username", "naam", "name", "gebruiker", "gebruikersnaam", "namn",
                   "användarnamn")
#: Table headers of a column that holds usernames as plain text.
DEFAULT_HEADERS = frozenset({"user", "username", "gebruiker", "gebruikersnaam", "deelnemer",
                             "participant", "användare", "användarnamn", "deltagare"})
SKIPPED_TAGS = frozenset({"nowiki", "pre", "syntaxhighlight", "source", "math", "ref"})
#: Headings of registered and withdrawn people; `bvr.config.SectionHeadings` holds the
#: configured ones (these are its nl, en and sv defaults).
DEFAULT_REGISTERED = SectionHeadings().registered()
DEFAULT_WITHDRAWN = SectionHeadings().withdrawn()


@dataclass(frozen=True)
class ParseOptions:
    """Names that differ per wiki; `bot.screening.run` fills the namespaces from siteinfo."""

    user_namespaces: frozenset[str] = DEFAULT_USER_NAMESPACES
    talk_namespaces: frozenset[str] = DEFAULT_TALK_NAMESPACES
    contributions: frozenset[str] = DEFAULT_CONTRIBUTIONS
    templates: frozenset[str] = DEFAULT_TEMPLATES
    headers: frozenset[str] = DEFAULT_HEADERS
    bare_list_items: bool = True  # "# Jan de Vries" without a link counts as a name
    registered: frozenset[str] = DEFAULT_REGISTERED
    withdrawn: frozenset[str] = DEFAULT_WITHDRAWN
    section: str = ""  # read only the sections with this heading
    sections: bool = False  # whether headings decide what is read (registration pages)


@dataclass(frozen=True)
class LeftOut:
    """A section not read: its heading, why ("withdrawn", "not-registered", "not-selected")
    and the names in it."""

    heading: str
    why: str
    names: tuple[str, ...] = field(default_factory=tuple)

    def as_note(self) -> dict[str, str]:
        return {"note": f"section-{self.why}", "section": self.heading or "\u2014",
                "num": str(len(self.names)), "names": ", ".join(self.names)}


@dataclass(frozen=True)
class Reading:
    participants: list[Participant]
    left_out: list[LeftOut]


def participants(text: str, options: ParseOptions = ParseOptions()) -> list[Participant]:
    """Every participant on the page, once (links and signatures first, then templates,
    tables and bare list items)."""
    return read(text, options).participants


def read(text: str, options: ParseOptions = ParseOptions()) -> Reading:
    """The participants of the sections that count, and the sections left out."""
    if len(text.encode("utf-8")) > MAX_PAGE_BYTES:
        raise BvrError("screening-page-too-large", limit=MAX_PAGE_BYTES)
    code = mwparserfromhell.parse(text, skip_style_tags=True)
    if not options.sections:
        return Reading(_participants(code, options), [])
    kept: list[str] = []
    left_out: list[LeftOut] = []
    for heading, why, section in _sections(code, options):
        if why:
            names = _participants(mwparserfromhell.parse(section, skip_style_tags=True), options)
            left_out.append(LeftOut(heading, why, tuple(p.key for p in names)))
        else:
            kept.append(section)
    found = _participants(mwparserfromhell.parse("".join(kept), skip_style_tags=True), options)
    return Reading(found, [x for x in left_out if x.names])


def _sections(code: Wikicode, options: ParseOptions) -> Iterator[tuple[str, str, str]]:
    """(heading, why it is left out or "", the section's own text) for every section, in
    page order. A section takes the meaning of its own heading, else its parent's."""
    sections = code.get_sections(flat=True, include_lead=True)
    titles = [_heading(s) for s in sections]
    has_registered = any(t[1] and _matches(t[1], options.registered) for t in titles)
    stack: list[tuple[int, str]] = []  # (level, meaning) of the enclosing headings
    for section, (level, title) in zip(sections, titles, strict=True):
        while stack and level and stack[-1][0] >= level:
            stack.pop()
        if options.section:
            own = "selected" if title.lower() == options.section.strip().lower() else ""
        elif _matches(title, options.withdrawn):
            own = "withdrawn"
        elif _matches(title, options.registered):
            own = "registered"
        else:
            own = ""
        meaning = own or (stack[-1][1] if stack else "")
        if level:
            stack.append((level, meaning))
        if options.section:
            why = "" if meaning == "selected" else "not-selected"
        elif meaning == "withdrawn":
            why = "withdrawn"
        elif has_registered and meaning != "registered":
            why = "not-registered"
        else:
            why = ""
        yield title, why, str(section)


def _heading(section: Wikicode) -> tuple[int, str]:
    headings = section.filter_headings(recursive=False)
    if not headings or section.index(headings[0]) != 0:
        return 0, ""  # the lead, before the first heading
    return headings[0].level, " ".join(headings[0].title.strip_code().split())


def _matches(title: str, terms: frozenset[str]) -> bool:
    """`title` is one of `terms`, or starts with one followed by a non-letter ("Afgemeld
    (helaas)", "Withdrawn:")."""
    lowered = title.lower().rstrip(":")
    for term in map(str.lower, terms):
        if lowered == term or (lowered.startswith(term) and not lowered[len(term)].isalnum()):
            return True
    return False


def _participants(code: Wikicode, options: ParseOptions) -> list[Participant]:
    found: list[Participant] = []
    found += _from_links(code, options)
    found += _from_templates(code, options)
    found += _from_tables(code, options)
    if options.bare_list_items:
        found += _from_list_items(code)
    return unique(found)


def user_of_link(title: str, options: ParseOptions = ParseOptions()) -> tuple[str, str] | None:
    """(username, "link"|"signature") for a link title to a user (talk) page or to a user's
    contributions, else None. Handles `:User:X`, interwiki prefixes (`w:nl:User:X`),
    subpages and sections."""
    title = title.strip().lstrip(":").split("#", 1)[0]
    parts = title.split(":")
    for start in range(min(len(parts) - 1, 3)):  # up to two interwiki prefixes
        if start and not _interwiki(parts[start - 1]):
            break
        namespace = " ".join(parts[start].replace("_", " ").split()).lower()
        rest = ":".join(parts[start + 1:])
        if namespace in options.user_namespaces:
            return _subject(rest), "link"
        if namespace in options.talk_namespaces:
            return _subject(rest), "signature"
        special = f"{namespace}:{rest.split('/', 1)[0].strip().replace('_', ' ').lower()}"
        if special in options.contributions and "/" in rest:
            return rest.split("/", 1)[1].strip(), "link"
    return None


def _interwiki(prefix: str) -> bool:
    """Whether a title prefix looks like an interwiki or language prefix (`w`, `nl`, `m`)."""
    return 0 < len(prefix) <= 12 and all(c.islower() or c == "-" for c in prefix)


def _subject(rest: str) -> str:
    # IP ranges keep their slash: "User:10.0.0.0/8" is a range, not a subpage.
    head, _, tail = rest.partition("/")
    if tail.strip().isdigit() and normalise(rest).kind.value == "ip":
        return rest.strip()
    return head.strip()


def _walk(code: Wikicode) -> Iterator[Node]:
    """Every node, depth first, outside comments and verbatim tags (linear in page size)."""
    for node in code.nodes:
        yield node
        if isinstance(node, Tag) and str(node.tag).strip().lower() in SKIPPED_TAGS:
            continue
        for child in node.__children__():
            yield from _walk(child)


def _from_links(code: Wikicode, options: ParseOptions) -> list[Participant]:
    found = []
    for node in _walk(code):
        if isinstance(node, Wikilink):
            hit = user_of_link(str(node.title), options)
            if hit and hit[0]:
                found.append(Participant(normalise(hit[0]), hit[1]))
    return found


def _from_templates(code: Wikicode, options: ParseOptions) -> list[Participant]:
    found = []
    for node in _walk(code):
        if not isinstance(node, Template):
            continue
        name = " ".join(str(node.name).replace("_", " ").split()).lower()
        name = name.removeprefix("template:").removeprefix("sjabloon:").removeprefix("mall:")
        if name not in options.templates:
            continue
        for param in node.params:
            key = str(param.name).strip().lower()
            value = param.value.strip_code().strip()
            if value and (param.showkey is False or key in NAME_PARAMETERS):
                found.append(Participant(normalise(value), "template"))
    return found


def _from_tables(code: Wikicode, options: ParseOptions) -> list[Participant]:
    """Plain-text names in a column headed by a username header."""
    names: list[str] = []
    for table in _walk(code):
        if not (isinstance(table, Tag) and str(table.tag) == "table"):
            continue
        column: int | None = None
        for cells in _rows(table):
            if column is None:
                for index, cell in enumerate(cells):
                    header = cell.contents.strip_code().strip().lower()
                    if str(cell.tag) == "th" and header in options.headers:
                        column = index
                continue
            if column < len(cells) and str(cells[column].tag) == "td":
                cell_code = cells[column].contents
                if not cell_code.filter_wikilinks() and not cell_code.filter_templates():
                    names.append(cell_code.strip_code().strip())
    return from_names(names, "table")


def _rows(table: Tag) -> Iterator[list[Tag]]:
    """The cells of every row; cells before the first `|-` form a row of their own."""
    loose: list[Tag] = []
    for node in table.contents.nodes:
        if isinstance(node, Tag) and str(node.tag) in {"td", "th"}:
            loose.append(node)
        elif isinstance(node, Tag) and str(node.tag) == "tr":
            if loose:
                yield loose
                loose = []
            yield [cell for cell in node.contents.nodes
                   if isinstance(cell, Tag) and str(cell.tag) in {"td", "th"}]
    if loose:
        yield loose


def _from_list_items(code: Wikicode) -> list[Participant]:
    """A list item that holds nothing but a short text is taken as a name."""
    names: list[str] = []
    nodes = list(code.nodes)
    for index, node in enumerate(nodes):
        if not (isinstance(node, Tag) and str(node.tag) in {"li", "dd"} and node.wiki_markup):
            continue
        line: list[object] = []
        for following in nodes[index + 1:]:
            if isinstance(following, Text) and "\n" in str(following):
                line.append(Text(str(following).split("\n", 1)[0]))
                break
            if isinstance(following, Tag) and str(following.tag) in {"li", "dd", "dt"} \
                    and following.wiki_markup:
                break
            line.append(following)
        item = mwparserfromhell.parse("")
        for piece in line:
            item.append(piece)
        if item.filter_wikilinks() or item.filter_templates() or item.filter_tags(
                matches=lambda t: str(t.tag).lower() in SKIPPED_TAGS):
            continue
        text = item.strip_code().strip()
        if text and len(text) <= MAX_LIST_NAME_CHARS and "\n" not in text:
            names.append(text)
    return from_names(names, "list")
