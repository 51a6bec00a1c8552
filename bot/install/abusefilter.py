"""The AbuseFilter rule that refuses a report page over the configured size before it is saved
(issue 10: whole reports up to `intake.max_report_kb`). AbuseFilter REL1_39 has no API to
create a filter (Special:AbuseFilter is a form a BotPassword session cannot use), so the wiki's
administrators add it by hand, with this text; `bvr wiki install` writes the messages its
`disallow` action shows (`MediaWiki:Bvr-report-too-large`, one per language set)."""

from __future__ import annotations

from bot.install.gadget import TEMPLATE as SEALED_TEMPLATE
from bvr.config import Config

#: The disallow action's message (page `MediaWiki:Bvr-report-too-large`, `/<lang>` for the
#: other languages: `templates_wiki/<lang>/MediaWiki:Bvr-report-too-large.wiki`).
MESSAGE_KEY = "bvr-report-too-large"


def size_limit(config: Config) -> int:
    """The page size (bytes) above which a report page is refused: the text limit itself, so
    that every page the wiki accepts is filed whole (its text is smaller than the page; a text
    just under the limit with the template's few hundred bytes of markup is refused)."""
    return config.intake.max_report_kb * 1024


def sealed_size_limit(config: Config) -> int:
    """The page size (bytes) above which a *sealed* report page is refused. The gadget checks
    the text against `size_limit` before sealing (ADR 0005); the page then holds that text as
    JSON (escaping can double it), sealed and in base64 (4/3), plus a few hundred bytes of
    template: a whole report may fill 8/3 of the limit, and must not be refused."""
    return size_limit(config) * 8 // 3 + 4096


def size_rule(config: Config) -> str:
    """The filter's conditions: a page under the report prefix, larger than the limit (the
    larger one for a sealed page)."""
    prefix = config.wiki.report_prefix
    quoted = prefix.replace("\\", "\\\\").replace('"', '\\"')
    return (f'substr(page_prefixedtitle, 0, {len(prefix)}) === "{quoted}" '
            f"& new_size > {size_limit(config)} "
            f'& !(new_wikitext contains "{{{{{SEALED_TEMPLATE.removeprefix("Template:")}" '
            f"& new_size <= {sealed_size_limit(config)})")
