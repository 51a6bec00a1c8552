"""The architecture holds: the core knows nothing of HTTP or pywikibot, and the adapters do
not import each other (ARCHITECTURE.md). `bvr/cli.py` alone assembles the command."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
FORBIDDEN = {
    "bvr": {"flask", "werkzeug", "authlib", "pywikibot", "mwparserfromhell", "bot", "webhook"},
    "bot": {"webhook", "flask"},
    "webhook": {"bot", "pywikibot"},
}
ASSEMBLER = ROOT / "bvr" / "cli.py"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_layers_import_only_what_they_may(package: str) -> None:
    offending = {
        str(path.relative_to(ROOT)): sorted(_imports(path) & FORBIDDEN[package])
        for path in (ROOT / package).rglob("*.py") if path != ASSEMBLER
    }
    assert {path: names for path, names in offending.items() if names} == {}
