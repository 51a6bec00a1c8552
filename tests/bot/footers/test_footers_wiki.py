"""Footers on the real local MediaWiki (R-3.2, R-3.3, R-8.2): exactly one footer per selected
page, a second run makes no edit, a concurrent edit is kept, the site-wide link needs
`editinterface` and says so clearly when it is missing."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from click.testing import CliRunner

from bot.footers.cli import footers
from bot.footers.editor import Outcome, Tally, apply
from bot.footers.run import update
from bot.site import connect
from bvr.commands.common import Context
from bvr.errors import BvrError
from bvr.services import people, register
from bvr.services.core import Core
from tests.bot.footers.helpers import put, revisions, text_of, wiki_core

FOOTER = "{{BVR-voettekst"


def test_R_3_2_R_8_2_R_3_3_each_selected_page_gets_one_footer_and_a_rerun_edits_nothing(
        core: Core, wiki_farm: Any, pywikibot_env: Any) -> None:
    suffix = core.database.engine.dialect.name  # the test runs once per database
    events, forms = f"T5 Evenementen {suffix}", f"T5 Aanmeldingen {suffix}"
    # Event pages are the ones the register names; no event category, so Meetup needs no box.
    core = wiki_core(core, pywikibot_env, footer_categories=(events,),
                     registration_categories=(forms,))
    event_page, other, form, outside = (f"T5 {name} {suffix}" for name in
                                        ("Editathon", "Meetup", "Aanmelden", "Elders"))
    put(wiki_farm, event_page, f"Editathon.\n[[Category:{events}]]")
    put(wiki_farm, other, f"Meetup.\n[[Category:{events}]]\n{{{{BVR-voettekst}}}}")
    put(wiki_farm, form, f"Meld je aan.\n[[Category:{forms}]]")
    put(wiki_farm, outside, "Niet geselecteerd.")
    people.add_person(core, "Vera")
    people.record_training(core, "Vera", date(2026, 1, 10))
    event = register.add_event(core, "Editathon", date(2026, 4, 1), date(2026, 4, 1),
                               wiki_page=event_page)
    register.assign_contact_person(core, "Vera", event_id=event)
    site = connect(core.config)

    first = update(site, core, site_link=False)

    assert first.pages == {event_page: Outcome.EDITED, other: Outcome.UNCHANGED,
                           form: Outcome.EDITED}
    for title in (event_page, other, form):
        assert text_of(wiki_farm, title).count(FOOTER) == 1
    assert text_of(wiki_farm, event_page).startswith("{{BVR-contactpersonen|1=Vera}}\n")
    assert text_of(wiki_farm, form).endswith("{{BVR-voettekst|registration=yes}}")
    assert text_of(wiki_farm, outside) == "Niet geselecteerd."
    before = {title: revisions(wiki_farm, title) for title in (event_page, other, form)}

    second = update(site, core, site_link=False)

    assert set(second.pages.values()) == {Outcome.UNCHANGED}
    assert {title: revisions(wiki_farm, title) for title in before} == before


def test_R_3_2_a_page_edited_between_read_and_write_keeps_that_edit(
        core: Core, wiki_farm: Any, pywikibot_env: Any) -> None:
    import pywikibot

    core = wiki_core(core, pywikibot_env)
    title = f"T5 Conflict {core.database.engine.dialect.name}"
    put(wiki_farm, title, "Eerste versie.")
    site = connect(core.config)
    page = pywikibot.Page(site, title)
    assert page.text == "Eerste versie."  # the bot has read the page
    put(wiki_farm, title, "Eerste versie.\nToegevoegd door iemand anders.")  # someone saves
    tally = Tally()

    outcome = apply(page, lambda text: text + "\n{{BVR-voettekst}}", "test", dry_run=False,
                    tally=tally)

    assert outcome is Outcome.EDITED
    assert text_of(wiki_farm, title) == (
        "Eerste versie.\nToegevoegd door iemand anders.\n{{BVR-voettekst}}")


def test_R_3_2_the_site_wide_link_without_editinterface_is_a_clear_error_before_any_edit(
        core: Core, wiki_farm: Any, pywikibot_env: Any) -> None:
    # The test bed's BotPassword has no "editinterface" grant, like a careless set-up.
    category = f"T5 Geen recht {core.database.engine.dialect.name}"
    core = wiki_core(core, pywikibot_env, footer_categories=(category,),
                     interface_message="MediaWiki:Sitenotice")
    title = f"T5 Onaangeroerd {core.database.engine.dialect.name}"
    put(wiki_farm, title, f"Tekst.\n[[Category:{category}]]")
    with pytest.raises(BvrError) as refused:
        update(connect(core.config), core)
    assert "editinterface" in str(refused.value)
    assert refused.value.message.key == "publish-no-editinterface"
    assert FOOTER not in text_of(wiki_farm, title)


def test_R_3_2_dry_run_prints_a_unified_diff_and_edits_nothing(
        core: Core, wiki_farm: Any, pywikibot_env: Any) -> None:
    category = f"T5 Droog {core.database.engine.dialect.name}"
    core = wiki_core(core, pywikibot_env, footer_categories=(category,))
    title = f"T5 Droog {core.database.engine.dialect.name}"
    put(wiki_farm, title, f"Tekst.\n[[Category:{category}]]")
    result = CliRunner().invoke(footers, ["update", "--dry-run", "--no-site-link", "--json"],
                                obj=Context(_core=core))
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    assert shown["pages"] == {title: "would_edit"}
    assert "+{{BVR-voettekst}}" in shown["diffs"][title]
    assert text_of(wiki_farm, title) == f"Tekst.\n[[Category:{category}]]"
