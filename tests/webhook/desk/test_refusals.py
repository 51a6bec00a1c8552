"""Issue 13: a refusal is a sentence in the reader's language; the rule that refused is a small
"why?" link to its requirement on the desk (`webhook.refusals`), never an R-ID before the text.
The public pages, whose readers cannot open the desk, get the sentence alone."""

from __future__ import annotations

from types import SimpleNamespace

from flask import g
from markupsafe import escape

from bvr.errors import BvrError
from bvr.i18n import translate
from bvr.rules.verdict import RuleRefused, refuse
from tests.webhook.desk.conftest import Desk
from webhook import refusals


def test_R_11_5_a_refusal_is_its_sentence_and_a_why_link_to_the_rule(desk: Desk) -> None:
    refused = RuleRefused(refuse("R-11.5", "rules-considerations-history"))
    for lang in ("nl", "sv"):
        with desk.app.test_request_context("/desk/"):
            g.lang, g.desk = lang, SimpleNamespace(username="Dora")
            shown = refusals.shown(refused)
        sentence = str(escape(translate("rules-considerations-history", lang)))
        assert shown.startswith(sentence), shown
        assert 'href="/desk/why/R-11.5"' in shown
        assert f">{translate('web-why', lang)}</a>" in shown
        assert "R-11.5:" not in shown


def test_R_11_5_a_public_page_shows_the_sentence_without_the_desk_link(desk: Desk) -> None:
    with desk.app.test_request_context("/report"):
        g.lang = "sv"
        shown = refusals.shown(RuleRefused(refuse("R-16.4", "rules-appeal-during-event")))
        bad_value = refusals.shown(BvrError("web-form-error-date"))
    assert shown == str(escape(translate("rules-appeal-during-event", "sv")))
    assert bad_value == str(escape(translate("web-form-error-date", "sv")))
