"""The director's half-yearly report to the board on reports and their handling (R-14.3), as
one self-contained HTML document with an SVG chart, for the case desk to show or print.

Metadata only (dates, statuses, categories, sanction types), so it needs no key and cannot leak
a name or a word of a report. The chart covers the twelve months up to the end of the half
year, so the board sees the trend and not only the last six months.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from html import escape

from bvr.domain import CaseStatus, Category, SanctionType
from bvr.i18n import translate
from bvr.rules import figures as counts
from bvr.services import stats
from bvr.services.core import Core

Month = tuple[int, int]  # (year, month)
SERIES = ("received", "sanctions", "closed")
COLOURS = {"received": "#36c", "sanctions": "#d33", "closed": "#14866d"}


@dataclass(frozen=True)
class HalfYear:
    year: int
    half: int  # 1: January-June, 2: July-December

    def months(self) -> list[Month]:
        first = 1 if self.half == 1 else 7
        return [(self.year, month) for month in range(first, first + 6)]

    def trailing_year(self) -> list[Month]:
        """The twelve months ending with this half year, oldest first."""
        end_year, end_month = self.months()[-1]
        index = end_year * 12 + end_month - 1
        return [((index - back) // 12, (index - back) % 12 + 1) for back in range(11, -1, -1)]


@dataclass(frozen=True)
class BoardFigures:
    """Counts for the report: per month (chart) and for the half year (tables)."""

    period: HalfYear
    monthly: dict[str, dict[Month, int]]
    received: int
    taken_into_handling: int
    by_category: dict[Category | None, int]
    by_status: dict[CaseStatus, int]  # now, of the cases received in the half year
    sanctions: dict[SanctionType, int]
    appeals: int


def figures(core: Core, period: HalfYear) -> BoardFigures:
    """The counts for the half year, defined as for the yearly figures (`bvr.rules.figures`):
    "received" includes anonymous reports never confirmed (R-7.4), as `bvr stats` and the
    wiki count them. Only the trailing year's dates count, so only those are read (a day's
    margin each side covers any zone's offset), not every case of the archive."""
    (first_year, first_month), *_, (last_year, last_month) = period.trailing_year()
    start = datetime(first_year, first_month, 1, tzinfo=UTC) - timedelta(days=1)
    end = (datetime(last_year + last_month // 12, last_month % 12 + 1, 1, tzinfo=UTC)
           + timedelta(days=1))
    return figures_of(stats.metadata(core, start, end), period, core.config.zone)


def figures_of(data: stats.Metadata, period: HalfYear, zone: tzinfo) -> BoardFigures:
    """The half year's counts over `data` (which may hold more than the period)."""

    def month(moment: datetime) -> Month:
        local = moment.astimezone(zone)
        return (local.year, local.month)

    window = set(period.trailing_year())
    half = set(period.months())

    def in_half(moment: datetime) -> bool:
        return month(moment) in half

    monthly: dict[str, dict[Month, int]] = {name: dict.fromkeys(sorted(window), 0)
                                            for name in SERIES}
    for case in data.cases:
        if month(case.received_at) in window:
            monthly["received"][month(case.received_at)] += 1
        if case.closed_at is not None and month(case.closed_at) in window:
            monthly["closed"][month(case.closed_at)] += 1
    for decided_at, _kind in data.decided:
        if month(decided_at) in window:
            monthly["sanctions"][month(decided_at)] += 1
    received = [case for case in data.cases if in_half(case.received_at)]
    return BoardFigures(
        period, monthly, counts.received(data.cases, in_half),
        counts.taken_into_handling(data.cases, in_half),
        dict(Counter(case.category for case in received)),
        dict(Counter(case.status for case in received)),
        counts.sanctions_by_type(data.decided, in_half), counts.appeals(data.appeals, in_half))


def chart(monthly: dict[str, dict[Month, int]], lang: str) -> str:
    """A grouped bar chart (SVG, no script, no external resource) of the monthly series."""
    months = sorted(next(iter(monthly.values())))
    width, height, left, bottom, top = 720, 260, 40, 40, 30
    peak = max([1, *(count for series in monthly.values() for count in series.values())])
    slot = (width - left - 10) / len(months)
    bar = slot / (len(SERIES) + 1)
    plot = height - bottom - top
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img">',
             f"<title>{escape(translate('publish-report-chart-title', lang))}</title>",
             f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" '
             f'y2="{height - bottom}" stroke="#000"/>',
             f'<text x="{left - 6}" y="{top + 4}" text-anchor="end" font-size="10">{peak}</text>']
    for index, (year, number) in enumerate(months):
        x0 = left + index * slot
        for offset, name in enumerate(SERIES):
            count = monthly[name][(year, number)]
            bar_height = plot * count / peak
            parts.append(
                f'<rect class="{name}" x="{x0 + (offset + 0.5) * bar:.1f}" '
                f'y="{height - bottom - bar_height:.1f}" width="{bar:.1f}" '
                f'height="{bar_height:.1f}" fill="{COLOURS[name]}"><title>'
                f'{escape(translate("publish-report-series-" + name, lang))}: {count}'
                f"</title></rect>")
        parts.append(f'<text x="{x0 + slot / 2:.1f}" y="{height - bottom + 14}" '
                     f'text-anchor="middle" font-size="10">{year}-{number:02d}</text>')
    for offset, name in enumerate(SERIES):
        x = left + offset * 160
        parts.append(f'<rect x="{x}" y="6" width="10" height="10" fill="{COLOURS[name]}"/>'
                     f'<text x="{x + 14}" y="15" font-size="11">'
                     f'{escape(translate("publish-report-series-" + name, lang))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _table(caption: str, rows: list[tuple[str, int]]) -> str:
    body = "".join(f"<tr><th scope=\"row\">{escape(name)}</th><td>{count}</td></tr>"
                   for name, count in rows)
    return f"<table><caption>{escape(caption)}</caption>{body}</table>"


def board_report(core: Core, year: int, half: int, lang: str | None = None) -> str:
    """R-14.3: the half-yearly report as a complete HTML document."""
    if half not in (1, 2):
        raise ValueError("half must be 1 or 2")
    lang = lang or core.config.language
    data = figures(core, HalfYear(year, half))

    def say(key: str, **params: object) -> str:
        return translate(key, lang, **params)

    def category(value: Category | None) -> str:
        return say(f"publish-category-{value.value}") if value else say("publish-not-triaged")

    title = say("publish-report-title", association=core.config.association, year=year,
                half=half)
    sections = [
        _table(say("publish-report-totals"), [
            (say("publish-figures-received"), data.received),
            (say("publish-figures-taken"), data.taken_into_handling),
            (say("publish-figures-appeals"), data.appeals)]),
        _table(say("publish-report-by-category"),
               [(category(key), count) for key, count in sorted(
                   data.by_category.items(), key=lambda item: str(item[0] or ""))]),
        _table(say("publish-report-by-status"),
               [(say(f"publish-status-{key.value}"), count)
                for key, count in sorted(data.by_status.items())]),
        _table(say("publish-report-sanctions"),
               [(say(f"publish-sanction-{key.value}"), count)
                for key, count in data.sanctions.items()]),
    ]
    return (f'<!DOCTYPE html><html lang="{escape(lang)}"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title><style>body{{font-family:sans-serif}}"
            "table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #aaa;"
            "padding:2px 8px;text-align:left}</style></head><body>"
            f"<h1>{escape(title)}</h1><p>{escape(say('publish-report-intro'))}</p>"
            f"<figure>{chart(data.monthly, lang)}<figcaption>"
            f"{escape(say('publish-report-chart-title'))}</figcaption></figure>"
            + "".join(sections) + "</body></html>")
