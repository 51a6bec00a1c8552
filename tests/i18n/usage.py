"""Which message keys the code uses: literally, or built from a prefix and an enumeration's
value (`label('desk-category', case.category)` uses `web-desk-category-<value>`)."""

from __future__ import annotations

import enum
import importlib
import pkgutil
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("bvr", "bot", "webhook", "testbed")
SUFFIXES = {".py", ".html", ".js", ".wiki", ".php"}

# Key prefixes the code completes with something other than an enumeration value; each with
# the reason. Every other dynamic prefix must end in an enumeration's value.
NOT_ENUM: dict[str, str] = {
    "sealed-gadget-": "the whole family is handed to the report gadget (bot/install/gadget.py)",
    "operator-would-": "the dry-run twin of a housekeeping key (bot/housekeeping/cli.py)",
    "web-language-": "one per language with message files (the language switch)",
    "screening-note-": "the note kinds the screening writes (bot/screening/wikitext.py)",
    "audit-action-": "one per action id the code writes to the audit log (bvr/services/auditlog.py;"
                     " tests/webhook/desk/test_audit_log.py finds each one in the code)",
}

_DYNAMIC = (
    re.compile(r"""f["']([a-z]+-[a-z0-9-]*?-?)\{"""),           # f"publish-status-{x}"
    re.compile(r"""["']([a-z]+-[a-z0-9-]*-)["']\s*(?:~|\+)"""),  # 'web-topic-' ~ x
    re.compile(r"""["']([a-z]+-[a-z0-9-]*-)["']"""),            # {"party": "web-desk-party-"}
)
_LABEL = re.compile(r"""label\(\s*["']([a-z-]+)["']""")           # label('desk-role', x)


def _files() -> Iterator[Path]:
    for name in SOURCES:
        for path in (ROOT / name).rglob("*"):
            if path.suffix in SUFFIXES and "i18n" not in path.relative_to(ROOT).parts[:2]:
                yield path


@cache
def source() -> str:
    return "\n".join(path.read_text(encoding="utf-8", errors="replace") for path in _files())


@cache
def dynamic_prefixes() -> frozenset[str]:
    text = source()
    found = {m for pattern in _DYNAMIC for m in pattern.findall(text)}
    found |= {f"web-{m}-" for m in _LABEL.findall(text)}
    return frozenset(p for p in found if p.endswith("-"))


@cache
def enum_words() -> frozenset[str]:
    """Every value and name of every enumeration in `bvr` (and the bot's), as a key writes it."""
    words: set[str] = set()
    for package in ("bvr", "bot"):
        root = importlib.import_module(package)
        for info in pkgutil.walk_packages(root.__path__, f"{package}."):
            if ".migrations" in info.name or info.name.endswith("__main__"):
                continue
            try:
                module = importlib.import_module(info.name)
            except Exception:  # noqa: S112 (a module needing a live service is no enum source)
                continue
            for value in vars(module).values():
                if isinstance(value, type) and issubclass(value, enum.Enum):
                    for member in value:
                        for word in (str(member.value), member.name):
                            words |= {word, word.lower(), word.lower().replace("_", "-")}
    return frozenset(words)


@cache
def literal_words() -> frozenset[str]:
    """Every short quoted word of the code: the values of the tuples and Literal types that
    stand for an enumeration where there is no Enum class (topics, kinds, columns)."""
    words = set(re.findall(r"""["']([A-Za-z0-9_.-]{1,40})["']""", source()))
    return frozenset(words | {w.replace("_", "-") for w in words})


def used(key: str) -> bool:
    if key in source():
        return True
    if key.endswith("-would") and used(key.removesuffix("-would")):
        return True  # a dry run's wording of a message `say` prints (bvr/commands/common.py)
    for prefix in dynamic_prefixes():
        if not key.startswith(prefix):
            continue
        rest = key[len(prefix):]
        value = rest.removesuffix("-hint")  # web-public-status-<status>-hint
        if prefix in NOT_ENUM or value in enum_words() or value in literal_words():
            return True
    return False
