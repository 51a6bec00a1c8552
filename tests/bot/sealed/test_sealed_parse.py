"""Reading sealed report pages (issue 10, ADR 0005) with keys made here, no wiki: what opens,
what does not (and is filed still sealed, with the routing fields), what is not ours."""

from __future__ import annotations

import json
import logging

import pytest

from bot.install import gadget
from bot.intake import form, sealed
from bot.intake.wiki import ReportPage, Revision
from bvr import intake_key
from bvr.config import ENV_INTAKE_KEY
from bvr.errors import BvrError

KEY = intake_key.new_key()
OLD = intake_key.new_key()


def sealed_page(fields: dict[str, object], *, user: str = "Reporter",
                key: intake_key.IntakeKey = KEY, emergency: str = "no", language: str = "nl",
                anonymous: bool = False, aad_user: str | None = None) -> ReportPage:
    associated = intake_key.aad(key.kid, user if aad_user is None else aad_user,
                                emergency == "yes", language)
    enc, ciphertext = intake_key.seal(key.public, json.dumps(fields).encode(), associated)
    text = (f"{{{{BVR-sealed\n| v = 1\n| kid = {key.kid}\n| emergency = {emergency}\n"
            f"| language = {language}\n| enc = {intake_key.b64url(enc)}\n"
            f"| ciphertext = {intake_key.b64url(ciphertext)}\n}}}}")
    return ReportPage("BVR-melding/1", 7, (Revision(11, 0, "2026-11-29T10:00:00Z", user,
                                                     anonymous, text),))


def read(page: ReportPage, keys: list[intake_key.IntakeKey]) -> form.ParsedReport:
    report = sealed.parse(sealed.opened(page, keys).latest.text)
    assert report is not None
    return report


def test_R_7_3_a_sealed_report_opens_with_every_field_as_typed() -> None:
    what = "a | b }} {{c}} <nowiki>d</nowiki> <!-- e --> <script>f</script>\n"
    report = read(sealed_page({"what": what, "when": "2026-01-02 evening", "where": "Discord",
                               "who": "[[Gebruiker:Eve]] and [[User:Bob/sub]]", "role": "victim",
                               "contact": "signal", "emergency": False, "language": "en"}),
                  [KEY])
    assert report.what == what and report.problems == ()
    assert report.incident_on is not None and report.incident_on.isoformat() == "2026-01-02"
    assert report.respondents == ("Eve", "Bob") and report.role == "victim"
    assert (report.contact, report.language, report.emergency) == ("signal", "en", False)


def test_R_7_3_the_raw_copy_of_an_opened_page_is_the_report_not_the_ciphertext() -> None:
    page = sealed.opened(sealed_page({"what": "hello", "where": "x"}), [KEY])
    document = json.loads(page.latest.text)
    assert document["fields"] == {"what": "hello", "where": "x"} and document["kid"] == KEY.kid
    found = sealed.read(page)
    assert found is not None
    raw_page, report = found
    # The text is the report's text; the raw copy names it instead of holding it twice.
    assert report.what == "hello" and "hello" not in raw_page.latest.text
    assert json.loads(raw_page.latest.text)["fields"]["where"] == "x"
    assert raw_page.first.revid == page.first.revid


def test_unknown_fields_are_kept_in_the_text() -> None:
    report = read(sealed_page({"what": "x", "extra": "kept"}), [KEY])
    assert report.what == "x\n\nextra: kept" and report.problems == ("unknown-field",)


def test_an_older_key_still_opens_after_rotation() -> None:
    report = read(sealed_page({"what": "sealed before the rotation"}, key=OLD), [KEY, OLD])
    assert report.what == "sealed before the rotation"


@pytest.mark.parametrize("case", ["wrong-key", "copied-by-someone-else", "routing-altered",
                                  "anonymous-claims-account"])
def test_R_7_3_a_report_that_does_not_open_is_filed_still_sealed(
        case: str, caplog: pytest.LogCaptureFixture) -> None:
    keys = [KEY]
    if case == "wrong-key":
        page = sealed_page({"what": "w"}, key=OLD)
    elif case == "copied-by-someone-else":
        page = sealed_page({"what": "w"}, user="Copier", aad_user="Victim")
    elif case == "anonymous-claims-account":
        page = sealed_page({"what": "w"}, user="192.0.2.1", anonymous=True, aad_user="Victim")
    else:
        page = sealed_page({"what": "w", "emergency": True}, emergency="yes")
        text = page.latest.text.replace("emergency = yes", "emergency = no")
        page = ReportPage(page.title, page.page_id, (Revision(11, 0, "t", "Reporter", False,
                                                              text),))
    with caplog.at_level(logging.WARNING, logger="bvr.intake"):
        found = sealed.read(sealed.opened(page, keys))
    assert found is not None
    raw_page, report = found
    assert report.problems == ("sealed-unopened",) and "not opened" in report.what
    assert raw_page.latest.text == page.latest.text  # nothing lost: the raw copy keeps it
    assert "did not open" in caplog.text and "revision 11" in caplog.text


def test_the_readable_routing_fields_route_an_unopened_report() -> None:
    report = read(sealed_page({"what": "w", "emergency": True}, emergency="yes",
                              language="sv", key=OLD), [KEY])
    assert (report.emergency, report.language) == (True, "sv")


@pytest.mark.parametrize("text", [
    "{{BVR-melding | wat = gewoon }}",
    "{{BVR-sealed | v = 2 | kid = a | enc = b | ciphertext = c }}",
    "{{BVR-sealed | v = 1 | kid = a | enc = b | ciphertext = c }} and text",
    "{\"bvr-sealed-report\": typed by hand",
])
def test_other_pages_are_left_to_the_plain_path(text: str) -> None:
    assert sealed.parse(text) is None


def test_intake_keys_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_INTAKE_KEY, f"{intake_key.b64url(KEY.private)}, "
                                       f"{intake_key.b64url(OLD.private)}")
    assert [k.kid for k in intake_key.keys_from_env()] == [KEY.kid, OLD.kid]
    monkeypatch.setenv(ENV_INTAKE_KEY, "not-a-key")
    with pytest.raises(BvrError, match=ENV_INTAKE_KEY):
        intake_key.keys_from_env()
    monkeypatch.delenv(ENV_INTAKE_KEY)
    assert intake_key.keys_from_env() == []


def test_the_gadget_definition_keeps_other_gadgets_and_is_idempotent() -> None:
    other = "== tools ==\n* Navigation[ResourceLoader]|Navigation.js\n"
    once = gadget.definition(other)
    assert "* Navigation[ResourceLoader]|Navigation.js" in once
    assert once.count(gadget.NAME + "[") == 1 and gadget.SECTION in once
    assert gadget.definition(once) == once
    changed = once.replace("default|", "")  # an edited line of ours is replaced
    assert gadget.definition(changed) == once
    assert gadget.definition(None).startswith(gadget.SECTION)


def test_the_gadget_script_is_es5_that_mediawiki_1_39_accepts() -> None:
    # MediaWiki 1.39 validates gadget code with an ES5 parser; the browser test runs it for
    # real, this names the usual slips.
    script = gadget.SCRIPT.read_text(encoding="utf-8")
    for modern in ("=>", "let ", "const ", "`", ".catch(", ".finally(", "class ", "async "):
        assert modern not in script, modern


def test_bvr_vault_new_intake_key_prints_a_key_that_opens_what_its_public_half_seals() -> None:
    from click.testing import CliRunner

    from bvr.cli import main

    result = CliRunner().invoke(main, ["vault", "new-intake-key"], env={"BVR_LANG": "en"})
    assert result.exit_code == 0, result.output
    lines = dict(line.split(": ", 1) for line in result.output.splitlines() if ": " in line)
    [key] = intake_key.parse_keys(lines["private"])
    assert key.public_text == lines["public"] and key.kid in result.output
    associated = intake_key.aad(key.kid, "", False, "en")
    enc, ciphertext = intake_key.seal(intake_key.unb64url(lines["public"]), b"x", associated)
    assert intake_key.open_sealed([key], key.kid, enc, ciphertext, associated) == b"x"
