"""Insert, update or leave the policy's templates and link in a page's wikitext.

Every change goes through mwparserfromhell, never a regular expression, so a template name in
a comment, in `<nowiki>` or in a heading is not mistaken for the real thing. The contract that
makes re-runs free: a function returns its input unchanged (the same string) when the page
already says what it should, and otherwise touches only the managed node, so the rest of the
page stays byte-identical. Duplicates of a managed template are removed, never added.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from enum import StrEnum

import mwparserfromhell
from mwparserfromhell.nodes import Node, Tag, Template, Text
from mwparserfromhell.wikicode import Wikicode

# Characters that can never be part of a MediaWiki title or user name; a value holding one is
# refused rather than escaped, because it would open markup inside a template parameter.
FORBIDDEN_IN_NAMES = frozenset("#<>[]|{}\n\r\t")
LINK_CLASS = "bvr-policy-link"


class Place(StrEnum):
    """Where a missing template goes: footers at the end, boxes at the top."""

    TOP = "top"
    BOTTOM = "bottom"


def normalise(name: str) -> str:
    """A template name as MediaWiki compares it: spaces for underscores, first letter upper,
    without a `Template:` prefix in any of the three languages."""
    cleaned = " ".join(name.replace("_", " ").split())
    head, sep, tail = cleaned.partition(":")
    if sep and head.strip().lower() in {"template", "sjabloon", "mall"}:
        cleaned = tail.strip()
    return cleaned[:1].upper() + cleaned[1:]


def safe_name(value: str) -> bool:
    """True when `value` can be a title or user name, hence inert as a template parameter."""
    return bool(value.strip()) and not (set(value) & FORBIDDEN_IN_NAMES) and "~~~" not in value


def _params(template: Template) -> list[tuple[str, str]]:
    return [(str(param.name).strip(), str(param.value).strip()) for param in template.params]


def _remove(code: Wikicode, node: Node) -> None:
    """Remove `node` and the line break that would otherwise leave an empty line behind."""
    nodes = code.nodes
    # By identity: nodes compare equal by their text, and a duplicate equals the one we keep.
    index = next(position for position, seen in enumerate(nodes) if seen is node)
    after = nodes[index + 1] if index + 1 < len(nodes) else None
    before = nodes[index - 1] if index > 0 else None
    del nodes[index]
    if isinstance(after, Text) and after.value.startswith("\n") and (
            before is None or (isinstance(before, Text) and before.value.endswith("\n"))):
        after.value = after.value[1:]
    elif isinstance(before, Text) and before.value.endswith("\n") and after is None:
        before.value = before.value[:-1]


def ensure_template(text: str, name: str, aliases: Collection[str],
                    params: Sequence[tuple[str, str]], place: Place = Place.BOTTOM) -> str:
    """`text` with exactly one `{{name|params}}` (or an alias of it) at the top level.

    Parameters are named explicitly (`1=...`), so an `=` in a value cannot rename it; values
    must pass `safe_name` (checked here, so a hostile value raises instead of reaching a page).
    """
    for _, value in params:
        if not safe_name(value):
            raise ValueError("unsafe template parameter value")
    code = mwparserfromhell.parse(text)
    known = {normalise(alias) for alias in (*aliases, name)}
    found = [template for template in code.filter_templates(recursive=False)
             if normalise(str(template.name)) in known]
    wanted = list(params)
    if not found:
        rendered = "{{" + name + "".join(f"|{key}={value}" for key, value in wanted) + "}}"
        if not text:
            return rendered
        return rendered + "\n" + text if place is Place.TOP else text + "\n" + rendered
    keep, *duplicates = found
    for duplicate in duplicates:
        _remove(code, duplicate)
    if _params(keep) != wanted:
        for param in list(keep.params):
            keep.remove(param)
        for key, value in wanted:
            keep.add(key, value, showkey=True)
    changed = str(code)
    return text if changed == text else changed


def policy_link(target: str, label: str, *, html: bool) -> str:
    """The managed link: a `<span class="bvr-policy-link">` around a wiki link, or around an
    HTML link for messages that MediaWiki outputs without parsing (`MediaWiki:Copyright`)."""
    if not safe_name(label) or not safe_name(target) or '"' in target:
        raise ValueError("unsafe policy link")
    inner = f'<a href="{target}">{label}</a>' if html else f"[[{target}|{label}]]"
    return f'<span class="{LINK_CLASS}">{inner}</span>'


def _is_link_span(node: object) -> bool:
    return (isinstance(node, Tag) and str(node.tag).strip().lower() == "span"
            and node.has("class") and LINK_CLASS in str(node.get("class").value).split())


def ensure_policy_link(text: str, link: str, separator: str = " ") -> str:
    """`text` with exactly one managed policy link equal to `link` (appended when missing)."""
    code = mwparserfromhell.parse(text)
    spans = [node for node in code.nodes if _is_link_span(node)]
    if not spans:
        return text + separator + link if text.strip() else link
    keep, *duplicates = spans
    for duplicate in duplicates:
        _remove(code, duplicate)
    if str(keep) != link:
        code.replace(keep, link)
    changed = str(code)
    return text if changed == text else changed
