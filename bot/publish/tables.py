"""Wikitext for the published tables, inert by construction.

Every cell's text goes through `inert`: wrapped in `<nowiki>`, with `&` and `<` written as
entities, so no value can open a template, a link, a table cell, a tag, or close the
`<nowiki>` itself (MediaWiki still decodes the entities inside `<nowiki>`, so readers see the
value unchanged). Line breaks become spaces, so no value can start a table row. This holds for
our own message texts too: the builder does not trust any string.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.footers import names
from bvr.domain import SanctionType
from bvr.i18n import translate
from bvr.rules import figures as figures_rule
from bvr.services.overview import Overview, Row
from bvr.services.stats import YearlyFigures

GENERATED = "<!-- Written by the BVR bot (bvr publish); edits here are overwritten. -->"


def inert(value: object) -> str:
    """`value` as wikitext that renders as its text and nothing else."""
    text = " ".join(str(value).replace("&", "&amp;").replace("<", "&lt;").split())
    return f"<nowiki>{text}</nowiki>" if text else ""


def table(headers: Sequence[object], rows: Sequence[Sequence[object]],
          css: str = "wikitable sortable") -> str:
    """A wiki table whose every header and cell is inert."""
    lines = [f'{{| class="{css}"', "! " + " !! ".join(inert(header) for header in headers)]
    for row in rows:
        lines.append("|-")
        lines.append("| " + " || ".join(inert(cell) for cell in row))
    lines.append("|}")
    return "\n".join(lines)


def _row(row: Row, lang: str) -> list[str]:
    def say(key: str) -> str:
        return translate(key, lang)

    if row.withheld:
        category = sanctions = say("publish-withheld")
    else:
        category = (say(f"publish-category-{row.category.value}") if row.category
                    else say("publish-not-triaged"))
        sanctions = ", ".join(say(f"publish-sanction-{kind.value}")
                              for kind in row.sanctions) or "-"
    return [row.number, row.period, category, say(f"publish-status-{row.status.value}"),
            sanctions]


def overview_page(overview: Overview, lang: str) -> str:
    """The whole overview page (R-14.2): legend template, the table, and what was coarsened."""
    headers = [translate(f"publish-overview-column-{column}", lang)
               for column in ("number", "period", "category", "status", "sanction")]
    parts = [GENERATED,
             "{{" + names.name(names.STATUS_TABLE, lang) + f"|k={int(overview.k)}}}}}",
             inert(translate("publish-overview-k-note", lang, num_k=overview.k,
                             num_coarsened=overview.coarsened, withheld=overview.withheld)),
             "",
             table(headers, [_row(row, lang) for row in overview.rows])]
    if not overview.rows:
        parts.append(inert(translate("publish-overview-empty", lang)))
    return "\n".join(parts)


def figures_page(figures: Sequence[YearlyFigures], lang: str, k: int) -> str:
    """The yearly figures of R-14.4, one column per year. Sanction and appeal counts from 1 to
    k-1 read "fewer than k" (R-14.2, `bvr.rules.figures.shown`): with the same k as the
    overview, this page cannot reveal a sanction the overview withholds."""
    def say(key: str) -> str:
        return translate(key, lang)

    def small(count: int) -> object:
        value = figures_rule.shown(count, k)
        return translate("publish-figures-fewer-than", lang, k=k) if value is None else value

    headers = ["", *(str(item.year) for item in figures)]
    rows: list[list[object]] = [
        [say("publish-figures-received"), *(item.received for item in figures)],
        [say("publish-figures-taken"), *(item.taken_into_handling for item in figures)]]
    for kind in SanctionType:
        rows.append([translate("publish-figures-sanctions", lang,
                               type=say(f"publish-sanction-{kind.value}")),
                     *(small(item.sanctions.get(kind, 0)) for item in figures)])
    rows.append([say("publish-figures-appeals"), *(small(item.appeals) for item in figures)])
    return "\n".join([GENERATED,
                      table(headers, rows, css="wikitable")])
