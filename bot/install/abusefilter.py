"""The AbuseFilter rule that refuses a report page over the configured size before it is saved
(issue 10: whole reports up to `intake.max_report_kb`). AbuseFilter REL1_39 has no API to
create a filter (Special:AbuseFilter is a form a BotPassword session cannot use), so the wiki's
administrators add it by hand, with this text; `bvr wiki install` writes the messages its
`disallow` action shows (`MediaWiki:Bvr-report-too-large`, one per language set)."""

from __future__ import annotations

from bvr.config import Config

#: The disallow action's message (page `MediaWiki:Bvr-report-too-large`, `/<lang>` for the
#: other languages: `templates_wiki/<lang>/MediaWiki:Bvr-report-too-large.wiki`).
MESSAGE_KEY = "bvr-report-too-large"


def size_limit(config: Config) -> int:
    """The page size (bytes) above which a report page is refused: the text limit itself, so
    that every page the wiki accepts is filed whole (its text is smaller than the page; a text
    just under the limit with the template's few hundred bytes of markup is refused)."""
    return config.intake.max_report_kb * 1024


def size_rule(config: Config) -> str:
    """The filter's conditions: a page under the report prefix, larger than the limit."""
    prefix = config.wiki.report_prefix
    quoted = prefix.replace("\\", "\\\\").replace('"', '\\"')
    return (f'substr(page_prefixedtitle, 0, {len(prefix)}) === "{quoted}" '
            f"& new_size > {size_limit(config)}")
