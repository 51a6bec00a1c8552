"""Names mentioned per section of a page (a ban list, a noticeboard), with mwparserfromhell."""

from __future__ import annotations

import mwparserfromhell

from bot.screening.wikitext import ParseOptions, participants


def mentions(text: str) -> dict[str, list[str]]:
    """name -> headings of the sections that mention it (links, signatures, templates)."""
    options = ParseOptions(bare_list_items=False)
    code = mwparserfromhell.parse(text)
    found: dict[str, list[str]] = {}
    for section in code.get_sections(flat=True, include_lead=True):
        headings = section.filter_headings(recursive=False)
        heading = headings[0].title.strip_code().strip() if headings else ""
        for participant in participants(str(section), options):
            places = found.setdefault(participant.name.name, [])
            if heading not in places:
                places.append(heading)
    return found
