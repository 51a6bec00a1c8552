"""Reading saved reports: hostile wikitext as data (R-7.2, R-7.5). Every case ends as a report
with its text, never an exception, and nothing the reporter wrote is dropped."""

from __future__ import annotations

from datetime import date

import pytest

from bot.intake.form import parse

# (case id, wikitext, expected fields (substring checks for "what"), expected problems)
CASES: list[tuple[str, str, dict[str, object], set[str]]] = [
    ("plain", "{{BVR-melding|wat=Uitgescholden|wanneer=2026-03-01|waar=Discord|noodgeval=nee}}",
     {"what": "Uitgescholden", "incident_on": date(2026, 3, 1), "where": "Discord",
      "emergency": False}, set()),
    ("english-set", "{{BVR report|what=Insulted|emergency=yes|language=en}}",
     {"what": "Insulted", "emergency": True, "language": "en"}, set()),
    ("swedish-set", "{{BVR-anmälan|vad=Hotad|nödsituation=ja|språk=sv}}",
     {"what": "Hotad", "emergency": True, "language": "sv"}, set()),
    ("namespace-in-call", "{{Template:BVR-melding|wat=x}}", {"what": "x"}, set()),
    ("missing-template", "Ik wil iets melden over [[Gebruiker:Jan]].",
     {"what": "Ik wil iets melden over Gebruiker:Jan"}, {"no-template"}),
    ("several-templates", "{{BVR-melding|wat=eerste}}{{BVR-melding|wat=tweede}}",
     {"what": "eerste"}, {"several-templates"}),
    ("unknown-field", "{{BVR-melding|wat=x|geheim=y}}", {"what": "geheim: y"},
     {"unknown-field"}),
    ("closing-braces", "{{BVR-melding|wat=hij typte }} en toen}}",
     {"what": "hij typte"}, {"text-outside-template"}),
    ("pipe", "{{BVR-melding|wat=a | b}}", {"what": "b"}, {"unknown-field"}),
    ("nowiki", "{{BVR-melding|wat=<nowiki>}}|{{</nowiki> bleef staan}}",
     {"what": "bleef staan"}, set()),
    ("comment", "{{BVR-melding|wat=<!-- verborgen -->zichtbaar}}", {"what": "zichtbaar"},
     set()),
    ("html", "{{BVR-melding|wat=<div onclick=x>tekst</div><script>alert(1)</script>}}",
     {"what": "tekst"}, set()),
    ("right-to-left", "{{BVR-melding|wat=هذا نص عربي \u200fעברית}}", {"what": "هذا نص عربي"},
     set()),
    ("huge", "{{BVR-melding|wat=" + "x" * 100_000 + "}}", {"what": "x" * 1000}, set()),
    ("unclosed", "{{BVR-melding|wat=nooit gesloten", {"what": "nooit gesloten"},
     {"no-template"}),
    ("only-who", "{{BVR-melding|wie=[[Gebruiker:Piet|Piet]]}}",
     {"respondents": ("Piet",), "what": ""}, set()),
    ("victim", "{{BVR-melding|wat=x|rol=Slachtoffer}}", {"role": "victim"}, set()),
    ("bad-date", "{{BVR-melding|wat=x|wanneer=2026-02-31}}", {"incident_on": None}, set()),
]


@pytest.mark.parametrize(("wikitext", "expected", "problems"),
                         [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_R_7_2_hostile_report_pages_are_read_without_losing_text(
        wikitext: str, expected: dict[str, object], problems: set[str]) -> None:
    parsed = parse(wikitext)
    for name, value in expected.items():
        if name == "what":
            assert str(value) in parsed.what
        else:
            assert getattr(parsed, name) == value, name
    assert problems <= set(parsed.problems)


def test_R_7_2_empty_preloaded_form_is_empty_and_a_who_only_report_is_not() -> None:
    preload = "{{BVR-melding\n| wat = \n| rol = <!-- getuige -->\n| noodgeval = nee\n}}"
    assert parse(preload).empty
    only_who = parse("{{BVR-melding|wie=Jan}}")
    assert not only_who.empty and "who: Jan" in only_who.text()


def test_R_7_5_incident_date_is_kept_apart_from_the_text() -> None:
    assert parse("{{BVR-melding|wat=x|wanneer=2025-12-24 avond}}").incident_on == \
        date(2025, 12, 24)


def test_R_10_1_respondents_linked_by_any_spelling_are_the_users_mediawiki_reads() -> None:
    """Issue 11: the link is resolved as MediaWiki resolves it (bvr.usernames), so the blind
    index of the respondent is the same whatever way the reporter linked the user page."""
    who = ("[[Gebruiker:dora_Director]], [[\u200eUser:Dora Director/kladblok|Dora]], "
           "[[:användare:Åsa]], [[User\u00a0:Åsa#top]], [[Overleg gebruiker:Piet]], [[Piet]], "
           "[[Gebruikster:jan]]")
    parsed = parse(f"{{{{BVR-melding|wat=x|wie={who}}}}}")
    assert parsed.respondents == ("Dora Director", "Åsa", "Jan")


FORM = """{{BVR-melding
| wat       = %s
| wanneer   = 2026-03-01
| waar      = Discord
| wie       = [[Gebruiker:Piet]]
| rol       = <!-- getuige of slachtoffer -->
| contact   =
| noodgeval = ja
| taal      = en
}}"""


@pytest.mark.parametrize("typed", [
    "hij typte | toen dit",
    "hij typte }} en toen",
    "<nowiki>}}|{{</nowiki> bleef staan",
    "pijl --> en verder",
    "alles | }} <nowiki> --> {{ samen",
    "regel een\n| geen veld\nregel drie }}",
], ids=["pipe", "braces", "nowiki", "comment-end", "all", "lines"])
def test_R_7_2_free_text_with_markup_reaches_the_case_whole_with_every_field(
        typed: str) -> None:
    parsed = parse(FORM % typed)
    assert parsed.what == typed
    assert parsed.incident_on == date(2026, 3, 1) and parsed.where == "Discord"
    assert parsed.emergency and parsed.language == "en" and parsed.role == ""
    assert parsed.respondents == ("Piet",)
