"""The report as a table (in the operator's language), JSON or CSV."""

from __future__ import annotations

import csv
import io

from bot.screening.findings import Finding, Result
from bvr.i18n import translate


def _finding_text(result: Result, lang: str = "en") -> str:
    parts = []
    for f in result.findings:
        bits = [f"R-6.1({f.check})" if len(f.check) == 1 else f.check, f.kind, f.source]
        bits += [x for x in (f.expiry and f"expiry {f.expiry}", f.log_id and f"#{f.log_id}",
                             f.reason) if x]
        if f.detail.get("partial") == "unknown":  # CentralAuth's `blocked` does not say
            bits.append(translate("screening-partial-unknown", lang))
        if f.kind == "renamed":
            bits.append(f"-> {f.detail.get('to', '')}")
        parts.append(" ".join(str(b) for b in bits))
    if result.traces:
        parts.append(translate("screening-possibly-hidden", lang, wikis=", ".join(result.traces)))
    if result.unchecked:
        parts.append(translate("screening-unchecked", lang, checks=", ".join(result.unchecked)))
    parts += result.errors  # "wiki: code: info": where and why, for the operator to fix
    return "; ".join(parts)


def notes(report_notes: list[dict[str, str]], lang: str) -> list[str]:
    """The run's notes (what was skipped, and why) in the reader's language."""
    # Runs stored before the move to MediaWiki syntax (ADR 0012) name the count "count".
    return [translate(f"screening-note-{note['note']}", lang,
                      **{("num" if k == "count" else k): v for k, v in note.items()
                         if k != "note"})
            for note in report_notes]


def table(results: list[Result], lang: str) -> str:
    lines = []
    width = max((len(r.name) for r in results), default=4)
    for result in results:
        status = translate(f"screening-status-{result.status.value}", lang)
        text = _finding_text(result, lang)
        lines.append(f"{result.name:<{width}}  {status:<12}  {text}".rstrip())
    return "\n".join(lines)


def as_csv(results: list[Result]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["name", "raw", "found_as", "status", "exists_on", "check", "kind",
                     "source", "expiry", "log_id", "reason", "link", "errors", "unchecked"])
    for r in results:
        rows: list[Finding | None] = list(r.findings) or [None]
        for f in rows:
            writer.writerow([r.name, r.raw, r.found_as, r.status.value, " ".join(r.exists_on),
                             *((f.check, f.kind, f.source, f.expiry, f.log_id, f.reason, f.link)
                               if f else ("",) * 7),
                             " | ".join(r.errors), " ".join(r.unchecked)])
    return buffer.getvalue()
