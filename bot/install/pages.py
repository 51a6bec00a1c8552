"""The pages to install, read from `templates_wiki/<lang>/` (naming convention in
`templates_wiki/README.md`): the file's path is the title, `@@name@@` placeholders are filled
from the configuration. Pure: no wiki here, so the convention is tested without one."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from bvr.config import Config
from bvr.errors import BvrError

ROOT = Path(__file__).resolve().parents[2] / "templates_wiki"
SUFFIX = ".wiki"
PROTECTED_NAMESPACE = "Template:"
#: Interface messages: the set of the wiki's content language writes `MediaWiki:Name`, every
#: other set `MediaWiki:Name/<lang>` (MediaWiki's per-language page); the writer decides.
INTERFACE_NAMESPACE = "MediaWiki:"


@dataclass(frozen=True)
class PageFile:
    title: str
    text: str
    source: Path
    lang: str = ""

    @property
    def protect(self) -> bool:
        return self.title.startswith(PROTECTED_NAMESPACE)

    @property
    def interface(self) -> bool:
        """An interface message: writing it needs the `editinterface` right."""
        return self.title.startswith(INTERFACE_NAMESPACE)

    def on(self, content_language: str) -> PageFile:
        """This page on a wiki whose content language is `content_language`: an interface
        message of another language goes to its `/<lang>` subpage."""
        if not self.interface or not self.lang or self.lang == content_language:
            return self
        return replace(self, title=f"{self.title}/{self.lang}")


def placeholders(config: Config) -> dict[str, str]:
    return {
        "association": config.association,
        "policy_page": config.wiki.policy_page,
        "form_page": config.wiki.report_form_page,
        "prefix": config.wiki.report_prefix,
        "report_url": config.web.public_url.rstrip("/") + "/report",
        "max_report_kb": str(config.intake.max_report_kb),
    }


def load(config: Config, lang: str, root: Path = ROOT) -> list[PageFile]:
    """Every page file of language `lang`, sorted by title, placeholders filled in."""
    directory = root / lang
    values = placeholders(config)
    pages = []
    for source in sorted(directory.rglob(f"*{SUFFIX}")):
        relative = source.relative_to(directory).as_posix()
        title = relative[: -len(SUFFIX)]
        pages.append(PageFile(title, fill(source.read_text(encoding="utf-8"), values, source),
                              source, lang))
    if not pages:
        raise BvrError("intake-install-no-files", lang=lang, directory=directory)
    return pages


def fill(text: str, values: dict[str, str], source: Path) -> str:
    """Replace `@@name@@`; an unknown name is an error naming the file."""
    parts = text.split("@@")
    if len(parts) % 2 == 0:
        raise BvrError("intake-install-placeholder", file=source, name="@@")
    out = [parts[0]]
    for index in range(1, len(parts), 2):
        name = parts[index]
        if name not in values:
            raise BvrError("intake-install-placeholder", file=source, name=name)
        out += [values[name], parts[index + 1]]
    return "".join(out)
