"""The sealed report gadget's pages (issue 10, ADR 0005), for `bvr wiki install`.

- `MediaWiki:Gadgets-definition`: our one line in our own section; other gadgets are kept.
- `MediaWiki:Gadget-bvr-sealed-report.js`: the form (ES5: MediaWiki 1.39 checks gadget
  scripts with an ES5 parser and has no `requiresES6` flag), `gadget/src/`.
- `MediaWiki:Gadget-bvr-sealed-report.json`: the current intake public key and its id, the
  messages in every language, the report prefix, the size limit and the bundle's SHA-384.
  Pages in the MediaWiki namespace ending in `.js`/`.json` can be edited by interface
  administrators only, so this is the protected page the script reads its key from.
- `MediaWiki:Gadget-bvr-sealed-report-core.js`: the HPKE bundle (`gadget/dist/`), loaded by
  the form with Subresource Integrity against the hash above.
- `MediaWiki:Gadget-bvr-sealed-report`: the description on Special:Preferences.
- `Template:BVR-sealed`: what a sealed page shows in the seconds before intake removes it.

Writing the MediaWiki namespace needs `editinterface`, `editsitejs` and `editsitejson` (the
interface-admin group, and the BotPassword grants `editinterface` and `editsiteconfig`);
without them, or without an intake key, nothing here is written and the installer says why:
the plain form keeps working.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.install.pages import PageFile
from bot.install.writer import _current
from bvr.config import Config
from bvr.i18n import LANGUAGES, catalogue, translate, variables
from bvr.intake_key import IntakeKey

ROOT = Path(__file__).resolve().parents[2] / "gadget"
SCRIPT = ROOT / "src" / "bvr-sealed-report.js"
BUNDLE = ROOT / "dist" / "bvr-sealed-core.js"
NAME = "bvr-sealed-report"
DEFINITION = "MediaWiki:Gadgets-definition"
SECTION = "== bvr =="
LINE = (f"* {NAME}[ResourceLoader|default|package|dependencies=mediawiki.api,mediawiki.util]"
        f"|{NAME}.js|{NAME}.json")
TEMPLATE = "Template:BVR-sealed"
RIGHTS = ("editinterface", "editsitejs", "editsitejson")


@dataclass(frozen=True)
class Plan:
    pages: list[PageFile]
    skipped: tuple[str, dict[str, object]] | None = None  # message key and params


def integrity(bundle: str) -> str:
    """The SRI value of the bundle as the wiki serves it (MediaWiki trims trailing space)."""
    digest = hashlib.sha384(bundle.rstrip().encode("utf-8")).digest()
    return "sha384-" + base64.b64encode(digest).decode("ascii")


def data(config: Config, key: IntakeKey, bundle: str) -> dict[str, Any]:
    """The gadget's JSON page: everything the script needs, nothing secret."""
    messages = {lang: {k: v for k, v in catalogue(lang).items() if k.startswith("sealed-gadget-")}
                for lang in LANGUAGES}
    return {
        "key": {"kid": key.kid, "public": key.public_text},
        "core": {"title": f"MediaWiki:Gadget-{NAME}-core.js", "integrity": integrity(bundle)},
        "prefix": config.wiki.report_prefix,
        "template": TEMPLATE.removeprefix("Template:"),
        "summary": translate("sealed-summary", config.language),
        "maxBytes": config.intake.max_report_kb * 1024,  # as intake keeps whole
        "languages": list(LANGUAGES),
        "messages": messages,
        "variables": {k: list(v) for k, v in variables().items()
                      if k.startswith("sealed-gadget-")},
    }


def definition(current: str | None) -> str:
    """`current` Gadgets-definition with our line (once, in our section); others kept."""
    lines = [line for line in (current or "").splitlines()
             if not line.lstrip("* ").startswith(f"{NAME}[") and line.strip() != LINE]
    if SECTION in lines:
        lines.insert(lines.index(SECTION) + 1, LINE)
    else:
        lines += ([""] if lines and lines[-1].strip() else []) + [SECTION, LINE]
    return "\n".join(lines).strip() + "\n"


def plan(site: Any, config: Config, keys: list[IntakeKey]) -> Plan:
    """The gadget's pages to write, or why none are."""
    from bvr.config import ENV_INTAKE_KEY

    if not keys:
        return Plan([], ("sealed-install-no-key", {"variable": ENV_INTAKE_KEY}))
    missing = [right for right in RIGHTS if not site.has_right(right)]
    if missing:
        return Plan([], ("sealed-install-no-rights", {"rights": ", ".join(missing)}))
    bundle = BUNDLE.read_text(encoding="utf-8")
    current = _current(site, [DEFINITION]).get(DEFINITION, (None, {}))[0]
    lang = config.language
    template = (f'<includeonly><div class="bvr-sealed" style="border:2px solid #b32424; '
                f'padding:0.5em 1em;">{translate("sealed-template-text", lang)}</div>'
                f"</includeonly><noinclude>{translate('sealed-template-text', lang)}"
                "</noinclude>")
    pages = [
        PageFile(DEFINITION, definition(current), SCRIPT),
        PageFile(f"MediaWiki:Gadget-{NAME}", translate("sealed-gadget-description", lang),
                 SCRIPT),
        PageFile(f"MediaWiki:Gadget-{NAME}.js", SCRIPT.read_text(encoding="utf-8"), SCRIPT),
        PageFile(f"MediaWiki:Gadget-{NAME}.json",
                 json.dumps(data(config, keys[0], bundle), ensure_ascii=False, indent="\t",
                            sort_keys=True), SCRIPT),
        PageFile(f"MediaWiki:Gadget-{NAME}-core.js", bundle, BUNDLE),
        PageFile(TEMPLATE, template, SCRIPT),
    ]
    return Plan(pages)
