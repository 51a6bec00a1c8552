"""The printable one-page summary for participants and the short chat text (R-3.2), in the
event's language, with its contact persons and every way to report (R-8.2).

Pure functions of the register's data and the wiki's URLs: the command fetches those, these
build the texts, so the texts can be tested for every language without a wiki. HTML is built
with Jinja's autoescaping: an event or user name cannot inject markup into the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from jinja2 import Environment, select_autoescape

from bot.footers.register import EventPage
from bvr.i18n import translate


@dataclass(frozen=True)
class Links:
    """Where participants read the policy and report, and how each contact person is reached."""

    policy: str
    form: str
    web_form: str
    contacts: dict[str, str]  # user name -> URL (Special:EmailUser on the association wiki)


PAGE = """<!DOCTYPE html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><title>{{ title }}</title>
<style>
@page { size: A4; margin: 18mm; }
body { font-family: sans-serif; font-size: 11pt; line-height: 1.4; max-width: 170mm; }
h1 { font-size: 18pt; margin: 0 0 4mm; } h2 { font-size: 13pt; margin: 6mm 0 2mm; }
a { color: #0645ad; } .url { font-family: monospace; font-size: 9pt; word-break: break-all; }
</style></head><body>
<h1>{{ title }}</h1>
<p>{{ intro }}</p>
<p><a href="{{ links.policy }}">{{ policy_label }}</a><br>
<span class="url">{{ links.policy }}</span></p>
<h2>{{ contacts_heading }}</h2>
{% if contacts %}<ul>{% for name, url in contacts %}
<li>{{ name }}: <a href="{{ url }}">{{ url }}</a></li>{% endfor %}
</ul>{% else %}<p>{{ no_contacts }}</p>{% endif %}
<h2>{{ report_heading }}</h2>
<ul>
<li>{{ report_form }}: <span class="url">{{ links.form }}</span></li>
<li>{{ report_web }}: <span class="url">{{ links.web_form }}</span></li>
<li>{{ report_staff }}</li>
</ul>
<p>{{ acceptance }}</p>
</body></html>
"""

_ENVIRONMENT = Environment(autoescape=select_autoescape(default=True, default_for_string=True))


def html(event: EventPage, links: Links, association: str) -> str:
    """The one-page summary as a complete HTML document."""
    lang = event.language

    def say(key: str, **params: object) -> str:
        return translate(key, lang, **params)

    return _ENVIRONMENT.from_string(PAGE).render(
        lang=lang, links=links,
        title=say("publish-summary-title", event=event.name),
        intro=say("publish-summary-intro", association=association, event=event.name),
        policy_label=say("publish-footer-link-label"),
        contacts_heading=say("publish-summary-contacts"),
        contacts=[(name, links.contacts.get(name, "")) for name in event.contacts],
        no_contacts=say("publish-summary-no-contacts"),
        report_heading=say("publish-summary-report"),
        report_form=say("publish-summary-report-form"),
        report_web=say("publish-summary-report-web"),
        report_staff=say("publish-summary-report-staff"),
        acceptance=say("publish-summary-acceptance", event=event.name))


def chat_text(event: EventPage, links: Links) -> str:
    """A few lines to paste into the chat of an online meeting (plain text)."""
    contacts = ", ".join(event.contacts) or translate("publish-summary-no-contacts",
                                                      event.language)
    return translate("publish-chat-text", event.language, event=event.name,
                     policy=links.policy, contacts=contacts, form=links.form,
                     web_form=links.web_form)
