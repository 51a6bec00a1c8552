"""R-3.2, R-3.3, R-8.2: the footer, the acceptance sentence and the contact-person box are
inserted, updated or left, never duplicated, and the rest of the page stays byte-identical.
Data-driven: each case is (page text, what the page needs, expected text)."""

from __future__ import annotations

import pytest

from bot.footers.plan import Needs, desired_text
from bot.footers.wikitext import (
    ensure_policy_link,
    ensure_template,
    normalise,
    policy_link,
    safe_name,
)

F = "{{BVR-voettekst}}"
FR = "{{BVR-voettekst|registration=yes}}"
PLAIN = Needs()
FORM = Needs(registration=True)
EVENT = Needs(contacts=("Anna", "Bert"))
BOX = "{{BVR-contactpersonen|1=Anna|2=Bert}}"

CASES = [
    # (id, text, needs, expected)
    ("R_3_2_insert_at_end", "Tekst.", PLAIN, "Tekst.\n" + F),
    ("R_3_2_empty_page", "", PLAIN, F),
    ("R_3_2_leave_when_present", "Tekst.\n" + F, PLAIN, "Tekst.\n" + F),
    ("R_3_2_leave_other_spelling", "Tekst.\n{{ bVR-voettekst }}", PLAIN,
     "Tekst.\n{{ bVR-voettekst }}"),
    ("R_3_2_leave_with_namespace_prefix", "A\n{{Sjabloon:BVR-voettekst}}", PLAIN,
     "A\n{{Sjabloon:BVR-voettekst}}"),
    ("R_3_2_other_language_counts", "A\n{{BVR footer}}", PLAIN, "A\n{{BVR footer}}"),
    ("R_3_2_duplicates_removed", "A\n" + F + "\nB\n" + F, PLAIN, "A\n" + F + "\nB"),
    ("R_3_2_duplicate_in_middle", F + "\nA\n" + F + "\nB", PLAIN, F + "\nA\nB"),
    ("R_3_2_in_comment_is_not_a_footer", "A <!-- " + F + " -->", PLAIN,
     "A <!-- " + F + " -->\n" + F),
    ("R_3_2_in_nowiki_is_not_a_footer", "A <nowiki>" + F + "</nowiki>", PLAIN,
     "A <nowiki>" + F + "</nowiki>\n" + F),
    ("R_3_2_other_templates_untouched", "{{Infobox|a=1}}\n''x'' [[Link|y]]", PLAIN,
     "{{Infobox|a=1}}\n''x'' [[Link|y]]\n" + F),
    ("R_3_2_unbalanced_markup_kept", "A {{broken [[link", PLAIN, "A {{broken [[link\n" + F),
    ("R_3_2_stray_parameter_removed", "A\n{{BVR-voettekst|oud=1}}", PLAIN, "A\n" + F),
    ("R_3_3_registration_added", "Aanmelden:\n" + F, FORM, "Aanmelden:\n" + FR),
    ("R_3_3_registration_inserted", "Aanmelden:", FORM, "Aanmelden:\n" + FR),
    ("R_3_3_registration_kept", "Aanmelden:\n" + FR, FORM, "Aanmelden:\n" + FR),
    ("R_8_2_box_on_top", "Evenement.", EVENT, BOX + "\nEvenement.\n" + F),
    ("R_8_2_box_updated", "{{BVR-contactpersonen|1=Anna}}\nE.\n" + F, EVENT,
     BOX + "\nE.\n" + F),
    ("R_8_2_box_left", BOX + "\nE.\n" + F, EVENT, BOX + "\nE.\n" + F),
    ("R_8_2_box_without_contacts", "E.", Needs(contacts=()),
     "{{BVR-contactpersonen}}\nE.\n" + F),
]


@pytest.mark.parametrize(("text", "needs", "expected"),
                         [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_R_3_2_R_3_3_R_8_2_page_transformations(text: str, needs: Needs, expected: str) -> None:
    assert desired_text(text, needs, "nl") == expected
    assert desired_text(expected, needs, "nl") == expected  # a second run changes nothing


def test_R_3_2_rest_of_the_page_is_byte_identical() -> None:
    body = "Ünïcode\t tabs  \r\n{{X|y=<ref>z</ref>}}\n\n\n[[Categorie:Evenement]]  "
    assert desired_text(body, PLAIN, "nl") == body + "\n" + F


HOSTILE_NAMES = ["A}}{{Delete", "B|2=Evil", "[[Link]]", "<script>", "x\ny", "~~~~", "", "  "]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_R_8_2_hostile_contact_names_never_reach_a_page(name: str) -> None:
    assert not safe_name(name)
    with pytest.raises(ValueError):
        ensure_template("E.", "BVR-contactpersonen", (), [("1", name)])


def test_R_8_2_an_equals_sign_cannot_rename_a_parameter() -> None:
    text = desired_text("E.", Needs(contacts=("a=b",)), "nl")
    assert text.startswith("{{BVR-contactpersonen|1=a=b}}")


@pytest.mark.parametrize(("name", "expected"), [
    ("bVR_voettekst", "BVR voettekst"), ("Template:BVR footer", "BVR footer"),
    (" Mall: BVR-sidfot ", "BVR-sidfot"), ("Sjabloon:x", "X")])
def test_template_names_compare_as_mediawiki_does(name: str, expected: str) -> None:
    assert normalise(name) == expected


LINK = policy_link("Beleid Vriendelijke Ruimtes", "BVR", html=False)
HTML_LINK = policy_link("https://wiki.example/Beleid", "BVR", html=True)
LINK_CASES = [
    ("appended", "Inhoud onder $1.", LINK, "Inhoud onder $1. " + LINK),
    ("empty", "", LINK, LINK),
    ("left", "Inhoud. " + LINK, LINK, "Inhoud. " + LINK),
    ("updated", "Inhoud. " + LINK, HTML_LINK, "Inhoud. " + HTML_LINK),
    ("duplicate_removed", LINK + " x " + LINK, LINK, LINK + " x "),
    ("other_spans_untouched", '<span class="x">a</span>', LINK,
     '<span class="x">a</span> ' + LINK),
]


@pytest.mark.parametrize(("text", "link", "expected"), [case[1:] for case in LINK_CASES],
                         ids=[case[0] for case in LINK_CASES])
def test_R_3_2_site_wide_link_in_the_interface_message(text: str, link: str,
                                                       expected: str) -> None:
    assert ensure_policy_link(text, link) == expected
    assert ensure_policy_link(expected, link) == expected


@pytest.mark.parametrize("target", ['x" onclick="y', "a|b", "[[x]]"])
def test_R_3_2_link_target_cannot_break_out(target: str) -> None:
    with pytest.raises(ValueError):
        policy_link(target, "BVR", html=True)
