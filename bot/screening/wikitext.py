"""Participants on a registration page, read with mwparserfromhell (never with regular
expressions on wikitext).

A registration page mixes conventions: user links (`[[User:X]]`, `[[Gebruiker:X|...]]`,
`[[Special:Contributions/X]]`), signatures (a user link and a user talk link), templates
(`{{u|X}}`, `{{ping|X|Y}}`, `{{Deelnemer|naam=X}}`), bare names in list items, and tables
with a username column. Comments, `<nowiki>` and `<pre>` hold no participants. The parser
cannot see what templates expand to (mwparserfromhell's limitation): a template that is not
listed in `ParseOptions.templates` is searched for links in its arguments only.

Hostile input is expected: a page is refused above `MAX_PAGE_BYTES`, and names are
normalised and classified by `bot.screening.names`, so "[[user:jan_de vries]]" and
"[[Gebruiker:Jan de Vries]]" are one participant.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import mwparserfromhell
from mwparserfromhell.nodes import Node, Tag, Template, Text, Wikilink
from mwparserfromhell.wikicode import Wikicode

from bot.screening.names import normalise
from bot.screening.participants import Participant, from_names, unique
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


@dataclass(frozen=True)
class ParseOptions:
    """Names that differ per wiki; `bot.screening.run` fills the namespaces from siteinfo."""

    user_namespaces: frozenset[str] = DEFAULT_USER_NAMESPACES
    talk_namespaces: frozenset[str] = DEFAULT_TALK_NAMESPACES
    contributions: frozenset[str] = DEFAULT_CONTRIBUTIONS
    templates: frozenset[str] = DEFAULT_TEMPLATES
    headers: frozenset[str] = DEFAULT_HEADERS
    bare_list_items: bool = True  # "# Jan de Vries" without a link counts as a name


def participants(text: str, options: ParseOptions = ParseOptions()) -> list[Participant]:
    """Every participant on the page, once (links and signatures first, then templates,
    tables and bare list items)."""
    if len(text.encode("utf-8")) > MAX_PAGE_BYTES:
        raise BvrError("screening-page-too-large", limit=MAX_PAGE_BYTES)
    code = mwparserfromhell.parse(text, skip_style_tags=True)
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
