"""scripts/convert_messages.py on a small tree of its own: old `{name}` messages become
MediaWiki syntax with their names recorded and their counts in PLURAL; a second run (the
lead's, after merging branches that added old-style messages) changes only what is new."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from bvr.i18n.syntax import render


def _converter() -> ModuleType:
    path = Path(__file__).resolve().parents[2] / "scripts" / "convert_messages.py"
    spec = importlib.util.spec_from_file_location("convert_messages", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


OLD = {
    "en": {"demo-shared": "Handed over {count} keys to {name}.",
           "demo-pages": "{name}: {num_pages} page(s) written.",
           "demo-odd": "{num} items at {place}.", "demo-plain": "Nothing to say."},
    "nl": {"demo-shared": "{count} sleutels overgedragen aan {name}.",
           "demo-pages": "{name}: {num_pages} pagina('s) geschreven.",
           "demo-odd": "{num} dingetjes bij {place}.", "demo-plain": "Niets te zeggen."},
    "sv": {"demo-shared": "Lämnade över {count} nycklar till {name}.",
           "demo-pages": "{name}: {num_pages} sida/sidor skrivna.",
           "demo-odd": "{num} saker vid {place}.", "demo-plain": "Inget att säga."},
    "qqq": {"demo-shared": "Parameters: {count}, {name}.", "demo-pages": "After writing.",
            "demo-odd": "Odd.", "demo-plain": "Plain."},
}


def _tree(root: Path, files: dict[str, dict[str, str]]) -> Path:
    area = root / "demo"
    area.mkdir(parents=True, exist_ok=True)
    for lang, messages in files.items():
        path = area / f"{lang}.json"
        data = json.loads(path.read_text()) if path.exists() else {"@metadata": {}}
        data.update(messages)
        path.write_text(json.dumps(data, ensure_ascii=False, indent="\t") + "\n")
    return area


def _read(area: Path, name: str) -> dict[str, object]:
    data: dict[str, object] = json.loads((area / name).read_text())
    return data


def test_converts_records_names_and_writes_plurals(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    area = _tree(tmp_path, OLD)
    assert _converter().main([str(tmp_path)]) == 1  # `count` renamed: call sites must follow
    names = _read(area, "variables.json")
    assert names == {"demo-shared": ["num", "name"], "demo-pages": ["name", "num_pages"],
                     "demo-odd": ["num", "place"]}
    en, nl, sv = (_read(area, f"{lang}.json") for lang in ("en", "nl", "sv"))
    assert en["demo-shared"] == "Handed over $1 {{PLURAL:$1|key|keys}} to $2."
    assert nl["demo-pages"] == "$1: $2 {{PLURAL:$2|pagina|pagina's}} geschreven."
    assert sv["demo-pages"] == "$1: $2 {{PLURAL:$2|sida|sidor}} skrivna."
    assert en["demo-plain"] == "Nothing to say."
    assert _read(area, "qqq.json")["demo-shared"] == "Parameters: $1 (num), $2 (name)."
    assert _read(area, "qqq.json")["demo-pages"] == (
        "After writing. Parameters: $1 (name), $2 (num_pages).")
    report = capsys.readouterr().err
    assert "demo-shared: renamed ['count', 'name'] -> ['num', 'name']" in report
    # "items" is in no noun table: reported, left for a person to word.
    assert "demo/en.json demo-odd: count num without PLURAL" in report
    shown = render(str(nl["demo-shared"]), "nl", ["num", "name"], {"num": 1, "name": "Ada"},
                   lambda _: "n")
    assert shown == "1 sleutel overgedragen aan Ada."


def test_a_second_run_leaves_converted_messages_and_takes_new_ones(tmp_path: Path) -> None:
    area = _tree(tmp_path, OLD)
    converter = _converter()
    converter.main([str(tmp_path)])
    # A person words the reported one by hand; a branch merged later adds an old-style key.
    en = _read(area, "en.json")
    en["demo-odd"] = "{{PLURAL:$1|One item|$1 items}} at $2."
    (area / "en.json").write_text(json.dumps(en, ensure_ascii=False, indent="\t") + "\n")
    before = {p.name: p.read_text() for p in area.iterdir()}
    assert converter.main([str(tmp_path)]) == 1  # nl and sv of demo-odd still lack PLURAL
    assert {p.name: p.read_text() for p in area.iterdir()} == before
    _tree(tmp_path, {"en": {"demo-new": "{num} new {kind} cases."},
                     "nl": {"demo-new": "{num} nieuwe {kind} zaken."},
                     "sv": {"demo-new": "{num} nya {kind} ärenden."},
                     "qqq": {"demo-new": "New. Parameters: {num}, {kind}."}})
    # A branch that rewrote a converted message in the old syntax, with a new parameter.
    _tree(tmp_path, {"en": {"demo-shared": "Handed over {num} keys to {name} on {day}."}})
    converter.main([str(tmp_path)])
    assert _read(area, "en.json")["demo-odd"] == en["demo-odd"]
    assert _read(area, "en.json")["demo-shared"] == (
        "Handed over $1 {{PLURAL:$1|key|keys}} to $2 on $3.")
    assert _read(area, "variables.json")["demo-shared"] == ["num", "name", "day"]
    assert _read(area, "en.json")["demo-new"] == "$1 new $2 {{PLURAL:$1|case|cases}}."
    assert _read(area, "nl.json")["demo-new"] == "$1 nieuwe $2 {{PLURAL:$1|zaak|zaken}}."
    assert _read(area, "variables.json")["demo-new"] == ["num", "kind"]
