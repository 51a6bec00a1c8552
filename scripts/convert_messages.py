"""Turns message files from `str.format` syntax into MediaWiki message syntax (ADR 0012).

    python scripts/convert_messages.py [ROOT ...]    (default: bvr/i18n)

For every key of `<area>/en.json` still holding `{name}` fields:
- the names, in order of first appearance in English (renamed where `RENAMES` says: counts
  become `num`/`num_*`), are written to `<area>/variables.json`; `{name}` becomes `$N` in every
  language and `$N (name)` in `qqq.json`'s documentation;
- a count (`num*`) followed by a noun gets its `{{PLURAL:$N|...}}` where the noun is written
  in one of the ways the files use ("key(s)", "fout(en)", "sida/sidor") or is in `NOUNS`.
Idempotent: a key already in `variables.json` keeps its English text; a translation still in
the old syntax (added since) is converted with the recorded names. Messages the converter
could not finish are reported on stderr, and the exit status is 1 if any count was renamed
here (its call sites must follow) or a count is shown before a noun without a PLURAL.
"""

from __future__ import annotations

import json
import re
import string
import sys
from pathlib import Path
from typing import Final

ROOT: Final = Path(__file__).resolve().parents[1] / "bvr" / "i18n"
DOCUMENTATION: Final = "qqq"
VARIABLES: Final = "variables.json"

# Count parameters of messages written before the convention, renamed together with their
# call sites (in the same commit as the conversion). `count`, `n` and `pages` are renamed in
# any message: the names say what they hold.
ALWAYS: Final = {"count": "num", "n": "num", "pages": "num_pages"}
RENAMES: Final[dict[str, dict[str, str]]] = {
    "core-report-filed": {"readers": "num_readers"},
    "core-demo-desk": {"url": "address"},  # `url*` means a link [$2 text] to toolforge-i18n
    "core-event-short": {"assigned": "num_assigned", "recommended": "num_recommended"},
    "core-vault-short-passphrase": {"minimum": "num_minimum"},
    "core-vault-reindexed": {"done": "num_done"},
    "web-password-short": {"minimum": "num_minimum"},
    "web-field-too-long": {"maximum": "num_maximum"},
    "web-form-error-too-long": {"maximum": "num_maximum"},
    "web-message-too-long": {"maximum": "num_maximum"},
    "web-declines-count": {"agreed": "num_agreed", "needed": "num_needed"},
    "web-declines-recorded": {"needed": "num_needed"},
    "web-session-lifetime": {"hours": "num_hours"},
    "doctor-summary": {"errors": "num_errors", "warnings": "num_warnings"},
    "operator-footers-would-done": {"would_edit": "num_would_edit"},
    "operator-publish-would-done": {"would_edit": "num_would_edit"},
    "publish-footer-done": {"edited": "num_edited"},
    "publish-overview-done": {"edited": "num_edited"},
    "publish-overview-k-note": {"k": "num_k", "coarsened": "num_coarsened"},
    "rules-appeal-too-late": {"weeks": "num_weeks"},
    "rules-contact-too-few": {"assigned": "num_assigned"},
    "screening-summary": {"participants": "num_participants"},
    "screening-recheck-line": {"changed": "num_changed"},
}

# Plural noun -> singular, per language, for "$1 keys" without a marker. A noun the same in
# both numbers ("tecken", "deelnemare") needs no entry and no PLURAL.
NOUNS: Final[dict[str, dict[str, str]]] = {
    "en": {"keys": "key", "people": "person", "hours": "hour", "weeks": "week", "rows": "row",
           "characters": "character", "participants": "participant", "pages": "page",
           "cases": "case", "persons": "person", "reports": "report", "days": "day",
           "months": "month", "members": "member", "errors": "error", "files": "file"},
    "nl": {"sleutels": "sleutel", "personen": "persoon", "mensen": "mens", "weken": "week",
           "rijen": "rij", "tekens": "teken", "deelnemers": "deelnemer", "pagina's": "pagina",
           "zaken": "zaak", "contactpersonen": "contactpersoon", "bestuursleden": "bestuurslid",
           "dagen": "dag", "maanden": "maand", "meldingen": "melding", "dossiers": "dossier",
           "fouten": "fout"},
    "sv": {"nycklar": "nyckel", "personer": "person", "timmar": "timme", "veckor": "vecka",
           "rader": "rad", "sidor": "sida", "ärenden": "ärende", "kontaktpersoner":
           "kontaktperson", "styrelseledamöter": "styrelseledamot", "dagar": "dag",
           "månader": "månad", "anmälningar": "anmälan", "filer": "fil"},
}

# Words after a number that read right for any number: nouns the same in both numbers,
# adverbs, participles ("1 set", "2 more"). They get a PLURAL of one form.
ANY_NUMBER: Final[dict[str, set[str]]] = {
    "en": {"more", "set", "already", "protected", "unchanged", "failed", "would", "need"},
    "nl": {"uur", "nog", "nodig", "ingesteld", "al", "beveiligd", "ongewijzigd", "mislukt", "kB"},
    "sv": {"tecken", "deltagare", "fel", "till", "angivna", "redan", "skyddade", "oförändrade",
           "kräver", "rekommenderas", "byte", "kB"},
}
_OLD_FIELD: Final = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)(?::[^{}]*)?\}(?!\})")
_WORD: Final = r"[^\W\d_][\w'’-]*"
# Markers a writer uses for "one or more": key(s), fout(en), pagina('s), påminnelse(r),
# sida/sidor, bestuurslid/bestuursleden, styrelseledamot/-ledamöter.
_MARKER: Final = re.compile(
    rf"(?P<stem>{_WORD})\((?P<suffix>s|en|'s|r|n|er|ar|or)\)"
    rf"|(?P<one>{_WORD})/(?P<dash>-?)(?P<other>{_WORD})")


def is_count(name: str) -> bool:
    return name == "num" or name.startswith("num_")


def old_names(text: str) -> list[str]:
    """The `str.format` field names of `text`, in order of first appearance."""
    names: list[str] = []
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        return names
    for _literal, name, _spec, _conversion in parsed:
        if name and name.isidentifier() and name not in names:
            names.append(name)
    return names


def to_mediawiki(text: str, positions: dict[str, int], names: list[str],
                 documentation: bool = False) -> str:
    """`{name}` -> `$N` (with the name beside it in the documentation); `{{` -> `{`."""
    def field(match: re.Match[str]) -> str:
        if match[1] not in positions:
            return match[0]
        number = positions[match[1]]
        return f"${number} ({names[number - 1]})" if documentation else f"${number}"

    converted = _OLD_FIELD.sub(field, text)
    return converted.replace("{{", "{").replace("}}", "}")


def _marker_forms(match: re.Match[str]) -> tuple[str, str]:
    if match["stem"]:
        suffix = match["suffix"]
        return match["stem"], match["stem"] + suffix
    one, other = match["one"], match["other"]
    if match["dash"]:  # styrelseledamot/-ledamöter: the plural replaces the word's tail
        cut = one.lower().rfind(other[:3].lower())
        other = one[:cut] + other if cut > 0 else other
    return one, other


def add_plurals(text: str, lang: str, names: list[str]) -> str:
    """PLURAL forms around the noun after each count, where the noun is recognisable."""
    for position, name in enumerate(names, start=1):
        if not is_count(name) or f"{{{{PLURAL:${position}|" in text:
            continue
        at = text.find(f"${position}")
        if at < 0:
            continue
        # The noun is at most a few words after the number ("$1 more board member(s)").
        window_end = at + len(f"${position}")
        window = text[window_end:window_end + 60]
        marker = _MARKER.search(window)
        if marker and not re.search(r"[.;:,()]", window[:marker.start()]):
            one, other = _marker_forms(marker)
            start, end = window_end + marker.start(), window_end + marker.end()
            text = f"{text[:start]}{{{{PLURAL:${position}|{one}|{other}}}}}{text[end:]}"
            continue
        nouns = NOUNS.get(lang, {})
        noun = None
        for between in range(3):
            found = re.match(rf"((?: (?:{_WORD}|\$[0-9]+)){{{between}}}) ({_WORD})\b", window)
            if found and found[2].lower() in nouns:
                noun = found
                break
        same = re.match(rf" ({_WORD})", window)
        if not noun and same and same[1] in ANY_NUMBER.get(lang, set()):
            # One form: toolforge-i18n wants every shown count in a PLURAL, and a translator
            # into a language that does inflect here sees that it is a count.
            start = window_end + same.start(1)
            text = (f"{text[:start]}{{{{PLURAL:${position}|{same[1]}}}}}"
                    f"{text[start + len(same[1]):]}")
            continue
        if noun:
            plural = noun[2]
            singular = nouns[plural.lower()]
            start = window_end + noun.start(2)
            text = (f"{text[:start]}{{{{PLURAL:${position}|{singular}|{plural}}}}}"
                    f"{text[start + len(plural):]}")
    return text


def needs_plural(text: str, lang: str, names: list[str]) -> list[str]:
    """Counts shown right before a word without a PLURAL for themselves."""
    missing = []
    for position, name in enumerate(names, start=1):
        if not is_count(name) or f"{{{{PLURAL:${position}|" in text:
            continue
        after = re.search(rf"\${position}(?![0-9]) ({_WORD})", text)
        if after and after[1] not in ANY_NUMBER.get(lang, set()) | {"kB"}:
            missing.append(name)
    return missing


def _read(path: Path) -> dict[str, object]:
    if not path.exists():
        return {}
    data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _write(path: Path, data: dict[str, object]) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent="\t") + "\n", encoding="utf-8")


def _names(key: str, source: str, variables: dict[str, object],
           report: list[str]) -> tuple[list[str], list[str]] | None:
    """The recorded parameter names of `key` (recording them on first sight), and the names
    the old syntax used for them; None for a message without parameters."""
    recorded = variables.get(key)
    originals = old_names(source) if _OLD_FIELD.search(source) else []
    if isinstance(recorded, list) and not originals:
        names = [str(n) for n in recorded]
        return names, names
    if not originals:  # no parameters, or English holds none in the old syntax
        return None
    # New, or English rewritten in the old syntax since (a merged branch): names afresh.
    renames = {**ALWAYS, **RENAMES.get(key, {})}
    names = [renames.get(n, n) for n in originals]
    if names != originals:
        report.append(f"{key}: renamed {originals} -> {names}; follow at call sites")
    variables[key] = names
    return names, originals


def _document(text: str, names: list[str]) -> str:
    """qqq.json's text, naming every parameter it does not mention yet."""
    undocumented = [f"${i} ({n})" for i, n in enumerate(names, start=1) if f"${i}" not in text]
    return f"{text.rstrip()} Parameters: {', '.join(undocumented)}." if undocumented else text


def convert_area(area: Path, report: list[str]) -> bool:
    """Converts one area in place; True when a count was renamed (call sites must follow)."""
    files = {path.stem: path for path in sorted(area.glob("*.json")) if path.name != VARIABLES}
    texts = {lang: _read(path) for lang, path in files.items()}
    english = texts.get("en", {})
    variables = {k: v for k, v in _read(area / VARIABLES).items() if k != "@metadata"}
    reported = len(report)
    for key, source in english.items():
        found = _names(key, source, variables, report) if isinstance(source, str) else None
        if key.startswith("@") or found is None:
            continue
        names, originals = found
        positions = {old: i for i, old in enumerate(originals, start=1)}
        positions.update({new: i for i, new in enumerate(names, start=1)})
        positions.update({old: positions[new] for old, new in ALWAYS.items()
                          if new in positions and old not in positions})
        for lang, messages in texts.items():
            text = messages.get(key)
            if not isinstance(text, str):
                continue
            if old_names(text) and _OLD_FIELD.search(text):
                text = to_mediawiki(text, positions, names, documentation=lang == DOCUMENTATION)
            if lang == DOCUMENTATION:
                text = _document(text, names)
            else:
                text = add_plurals(text, lang, names)
                report.extend(f"{area.name}/{lang}.json {key}: count {name} without PLURAL"
                              for name in needs_plural(text, lang, names))
            messages[key] = text
    for lang, messages in texts.items():
        _write(files[lang], messages)
    ordered = {k: variables[k] for k in english if k in variables}
    ordered.update({k: v for k, v in variables.items() if k not in ordered})
    if ordered:
        _write(area / VARIABLES, ordered)
    report.extend(f"{area.name}/{VARIABLES} {key}: no such message in en.json"
                  for key in ordered if key not in english)
    return any("renamed" in line for line in report[reported:])


def main(argv: list[str]) -> int:
    roots = [Path(a) for a in argv] or [ROOT]
    report: list[str] = []
    renamed = False
    for root in roots:
        for area in sorted(p for p in root.iterdir() if (p / "en.json").exists()):
            renamed |= convert_area(area, report)
    for line in report:
        print(line, file=sys.stderr)
    return 1 if renamed or any("without PLURAL" in line for line in report) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
