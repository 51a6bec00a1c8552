"""Issue 13, "No raw value on any screen": every page of the desk and of the public side, in
Dutch and Swedish, for each role and each state a case can be in, holds no enumeration value,
message key, English word, unformatted timestamp or requirement ID used as a label
(`tests/webhook/rawvalues.py` says what each of those is).

The pages are found, not listed: each person's desk is crawled from its start page along every
same-origin GET link (and GET form), every case page is opened by every role, and the public
side is walked from its start page, then sent its forms (receipt, refusals, channel in each
state, 404/403/405/429/CSRF/size-limit pages). Every GET route of `app.url_map` must have been
rendered or be in `NOT_PAGES` with its reason, so a new page is covered without touching this
test. Flask's test client, real database (SQLite only: what a page shows does not depend on
the database engine, and each engine is tested by the page's own tests).
"""

from __future__ import annotations

import re
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urljoin, urlsplit

import pytest
from flask import Flask
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.test import TestResponse

from bvr.domain import Category, DecisionBody, PartyRole, SanctionType
from bvr.i18n import catalogue
from bvr.rules.considerations import Considerations
from bvr.rules.facts import SanctionTerms
from bvr.services import (
    board,
    casework,
    casework_decline,
    casework_incident,
    casework_outcome,
    casework_web,
    decisions,
    screening,
)
from bvr.services.attachments import Cleaned
from tests.services.helpers import open_motion
from tests.webhook import rawvalues
from tests.webhook.desk import scenario
from tests.webhook.desk.conftest import PASSWORD, Desk, DeskClient

LANGUAGES = ("nl", "sv")
#: One person per role (tests/webhook/desk/conftest.py CAST); the public side has its own walk.
ROLES = {"director": "Dora", "board member BVR": "Bea", "board member": "Bob",
         "appeals committee": "Ada", "confidant": "Vera", "contact person": "Carl",
         "staff": "Stan"}
#: GET routes that are not pages for a reader, and why.
NOT_PAGES = {
    "static": "style sheet and scripts",
    "health.healthz": "a machine's status check, JSON",
    "desk.attachment": "a download (octet-stream, never rendered by the browser)",
    "auth.oauth_start": "a redirect to the wiki (OAuth is not configured in tests: 404 page)",
    "auth.oauth_callback": "the wiki's redirect back (not configured: 404 page)",
}
#: Per person and language: enough for every page, list page and audit filter of this world.
MAX_PAGES = 400
#: Texts typed by people (reports, notes), in Dutch: an English word in them would be taken
#: for a leak.
TYPED = "Xavi riep Yara na bij de vergadering; Zoë zag het."
#: R-11.5's considerations, typed likewise.
WEIGHED = Considerations(TYPED, history=TYPED, role_of_respondent=TYPED,
                         personal_factors=TYPED)


@dataclass
class Rendered:
    pages: int = 0
    endpoints: set[str] = field(default_factory=set)
    problems: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    occurrences: int = 0
    answers: Counter[tuple[str, int]] = field(default_factory=Counter)  # (endpoint, status)

    def check(self, app: Flask, who: str, url: str, answer: TestResponse) -> None:
        endpoint = _endpoint(app, url, answer.request.method)
        if endpoint:
            self.endpoints.add(endpoint)
        if answer.mimetype != "text/html" or 300 <= answer.status_code < 400:
            return  # a download, or a redirect's body no browser shows
        self.pages += 1
        self.answers[(endpoint or "-", answer.status_code)] += 1
        lang, pieces = rawvalues.visible(answer.get_data(as_text=True))
        for found in rawvalues.findings(pieces, lang, rule_ids=endpoint != "desk.why"):
            self.occurrences += 1
            self.problems.setdefault((found.kind, found.value), set()).add(
                f"{who} {lang} {answer.request.method} {url} ({answer.status_code}): "
                f"…{found.context}…")


def _endpoint(app: Flask, url: str, method: str) -> str | None:
    parts = urlsplit(url)
    try:
        endpoint, _ = app.url_map.bind("localhost").match(parts.path, method=method)
    except (NotFound, MethodNotAllowed):
        return None
    return str(endpoint)


# --- the world: a case in every state, on the web channel where it can be ---------------

@dataclass
class World:
    cases: dict[str, str] = field(default_factory=dict)  # state -> number or reference
    codes: dict[str, str] = field(default_factory=dict)  # state -> receipt code
    run_id: int = 0


def _web(desk: Desk, world: World, state: str, **report: object) -> str:
    values: dict[str, object] = {"what_happened": TYPED, "language": "nl",
                                 "respondent_username": "Mallory", "reporter_name": "Rik",
                                 "reporter_contact": "rik@example.org", "is_victim": True}
    values.update(report)
    filed = casework_web.file_web_report(desk.core, casework_web.WebReport(**values),  # type: ignore[arg-type]
                                         [Cleaned("foto.png", "image/png", b"\x89PNG...")])
    world.cases[state], world.codes[state] = filed.number, filed.code
    return filed.number


def _exclusion_proposed(desk: Desk, number: str) -> None:
    """The case goes to the board, and a member proposes an exclusion (R-2.1)."""
    casework_outcome.refer_to_board(desk.core, number, "Dora", scenario.key(desk.core, "Dora"))
    board.propose_sanction(desk.core, number, "Bea", scenario.key(desk.core, "Bea"),
                           terms=SanctionTerms(SanctionType.EXCLUSION, date(2026, 3, 14),
                                               date(2026, 9, 14)),
                           respondent="Mallory", scope=TYPED, considerations=WEIGHED,
                           reason=TYPED)


def _appealed_to_the_committee(desk: Desk, number: str) -> None:
    """The board excludes by quorum, the decision is announced and the respondent appeals:
    the appeal goes to the appeals committee (R-16.2)."""
    _exclusion_proposed(desk, number)
    board.vote(desk.core, number, "Bob", scenario.key(desk.core, "Bob"),
               motion_id=open_motion(desk.core, number), in_favour=True, reason=TYPED)
    casework_outcome.announce_decision(desk.core, number, "Bea", scenario.key(desk.core, "Bea"))
    casework_outcome.file_appeal(desk.core, number, "Bea", scenario.key(desk.core, "Bea"),
                                 appellant_role=PartyRole.RESPONDENT, sanctioned=True)


def _triaged(desk: Desk, world: World, state: str) -> str:
    number = _web(desk, world, state)
    casework.triage(desk.core, number, "Dora", scenario.key(desk.core, "Dora"), casework.Triage(
        Category.HARASSMENT, violation=True, immediate_action=False, regular_way=True,
        take_into_handling=True))
    return number


def _sanctioned(desk: Desk, world: World, state: str, announce: bool = True) -> str:
    number = _triaged(desk, world, state)
    key = scenario.key(desk.core, "Dora")
    decisions.impose_sanction(
        desk.core, number, "Dora", key, body=DecisionBody.DIRECTOR_OR_BOARD_BVR,
        terms=SanctionTerms(SanctionType.NO_CONTACT, date(2026, 3, 14), date(2026, 9, 14)),
        respondent="Mallory", scope=TYPED, considerations=WEIGHED)
    if announce:
        casework_outcome.announce_decision(desk.core, number, "Dora", key)
    return number


def _investigated(desk: Desk, world: World) -> str:
    """In handling, with every investigation step the desk records, done through the desk."""
    number = _triaged(desk, world, "in handling, investigated")
    dora = desk.login("Dora", "nl")
    done = [dora.act(number, action, **form) for action, form in (
        ("investigator", {"external_name": "Ingrid Extern", "no_conflict_declared": "1"}),
        ("inform", {"party_role": "respondent", "topics": ["process", "timeline"],
                    "text": TYPED}),
        ("message", {"kind": "question", "text": TYPED}),
        ("hearing", {"party_role": "respondent", "heard_on": "2026-03-14",
                     "adviser_present": "1", "adviser": "Anna", "notes": TYPED}),
        ("consultation", {"consultee": "wmf_trust_and_safety", "summary": TYPED}),
        ("support", {"party_role": "victim", "offered": TYPED, "accepted": "1"}),
        ("note", {"text": TYPED}),
        ("draft", {"findings": TYPED, "redacted": TYPED}),
        ("review", {"party_role": "respondent", "comments": TYPED}),
        ("finalise", {"steps_reason": TYPED}))]
    assert all(answer.status_code == 200 for answer in done)
    casework_web.reporter_writes(desk.core, world.codes["in handling, investigated"], TYPED,
                                 "answer")
    return number


def build(desk: Desk) -> World:
    world = World()
    _web(desk, world, "pending anonymous", anonymous=True, reporter_name="",
         reporter_contact="")
    _web(desk, world, "received")
    _web(desk, world, "emergency", emergency=True, where="Zaal 2")
    _investigated(desk, world)
    _exclusion_proposed(desk, _triaged(desk, world, "board proposal open"))
    _sanctioned(desk, world, "decided", announce=False)
    number = _triaged(desk, world, "decided without sanction")
    casework_outcome.decide_without_sanction(desk.core, number, "Dora",
                                             scenario.key(desk.core, "Dora"), reasoning=TYPED)
    _sanctioned(desk, world, "announced")
    for state in ("under appeal", "appeal decided"):
        number = _sanctioned(desk, world, state)
        casework_outcome.file_appeal(desk.core, number, "Dora", scenario.key(desk.core, "Dora"),
                                     appellant_role=PartyRole.RESPONDENT, sanctioned=True)
    number = world.cases["appeal decided"]
    board.propose_appeal_decision(desk.core, number, "Bob", scenario.key(desk.core, "Bob"),
                                  upheld=False, reasoning=TYPED)
    board.vote(desk.core, number, "Berta", scenario.key(desk.core, "Berta"),
               motion_id=open_motion(desk.core, number), in_favour=True, reason=TYPED)
    # A decision of the board goes to the appeals committee on appeal.
    _appealed_to_the_committee(desk, _triaged(desk, world, "under appeal to the committee"))
    number = _triaged(desk, world, "declined")
    for name in ("Dora", "Bea"):
        casework_decline.approve_decline(desk.core, number, name, scenario.key(desk.core, name),
                                         reason=TYPED)
    # the board member BVR is involved, so the board decides on the decline.
    number = desk.file(TYPED, parties=(scenario.respondent("Bea"),))
    casework_decline.approve_decline(desk.core, number, "Dora", scenario.key(desk.core, "Dora"),
                                     reason=TYPED)
    world.cases["decline before the board"] = number
    world.cases["against the director"] = desk.file(TYPED, parties=(
        scenario.respondent("Dora"),))
    world.cases["on-site incident"] = casework_incident.record_incident(
        desk.core, "Carl", casework_incident.IncidentRecord(
            event_id=desk.events["meetup"], nature=TYPED, persons_involved=TYPED,
            reported_by=TYPED, actions=("heard_respondent", "talk_sufficed"), language="nl"))
    # a measure on the spot, waiting for the director's confirmation.
    world.cases["on-site measure"] = casework_incident.record_incident(
        desk.core, "Carl", casework_incident.IncidentRecord(
            event_id=desk.events["meetup"], nature=TYPED, persons_involved=TYPED,
            reported_by=TYPED, actions=("excluded_from_event", "verbal_reprimand"),
            respondent_username="Mallory", second_person="Stan", language="nl"))
    closing = _sanctioned(desk, world, "closed")
    reopening = _sanctioned(desk, world, "reopened")
    # The appeals committee decides an appeal against the board's decision.
    number = _triaged(desk, world, "committee's appeal decided")
    _appealed_to_the_committee(desk, number)
    casework_outcome.decide_appeal(desk.core, number, "Ada", scenario.key(desk.core, "Ada"),
                                   upheld=True, reasoning=TYPED, lift=True)
    world.run_id = screening.store_run(desk.core, {"participants": [
        {"raw": "Mallory", "name": "Mallory", "found_as": "Mallory", "status": "flagged",
         "exists_on": ["nlwiki"], "findings": [
             {"check": "d", "kind": "block", "source": "nlwiki", "reason": TYPED,
              "expiry": "infinity", "log_id": "7", "link": "", "detail": {}}]},
        {"raw": "Mallet", "name": "Mallet", "found_as": "Mallet", "status": "flagged",
         "exists_on": ["svwiki"], "findings": [
             {"check": "a", "kind": "global-ban", "source": "metawiki", "reason": TYPED,
              "expiry": "2026-05-01T00:00:00Z", "log_id": "8", "link": "", "detail": {}}]},
        {"raw": "Clean", "name": "Clean", "found_as": "csv", "status": "clean",
         "exists_on": [], "findings": []}]}, {"kind": "csv", "path": "deelnemers.csv"})
    # The appeal period runs out (R-16.3): the case closes; the others' deadlines pass.
    desk.clock.advance(weeks=9)
    for number in (closing, reopening):
        casework_outcome.close_case(desk.core, number, "Dora", scenario.key(desk.core, "Dora"))
    casework_outcome.reopen(desk.core, reopening, "Dora", scenario.key(desk.core, "Dora"),
                            reason=TYPED)
    # A destroyed case (retention) is gone: its page is the same 404 as an unknown number,
    # which `_error_pages` renders.
    return world


# --- crawling -----------------------------------------------------------------------------

_HREF = re.compile(r'<a\b[^>]*\bhref="([^"#]*)', re.I)
_GET_FORM = re.compile(r'<form\b(?=[^>]*\bmethod="get")[^>]*\baction="([^"]*)"', re.I)


def _links(base: str, page: str) -> list[str]:
    found = []
    for href in _HREF.findall(page) + _GET_FORM.findall(page):
        url = urljoin(base, href.replace("&amp;", "&"))
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or "uselang=" in parts.query:
            continue  # another site, or the language switch (each language is its own walk)
        if parts.path.startswith("/static/"):
            continue
        found.append(url)
    return found


def crawl(app: Flask, who: str, client: DeskClient, start: list[str], seen: Rendered) -> None:
    queue = deque(start)
    visited: set[str] = set()
    while queue and len(visited) < MAX_PAGES:
        url = queue.popleft()
        if url in visited:
            continue
        visited.add(url)
        answer = client.get(url)
        seen.check(app, who, url, answer)
        if answer.status_code in {301, 302, 303} and "Location" in answer.headers:
            queue.append(urljoin(url, answer.headers["Location"]))
        elif answer.mimetype == "text/html":
            queue.extend(_links(url, answer.get_data(as_text=True)))
    left = set(queue) - visited
    assert not left, f"{who}: more than {MAX_PAGES} pages; raise MAX_PAGES ({sorted(left)[:3]})"


def _post(app: Flask, seen: Rendered, who: str, client: DeskClient, url: str,
          data: dict[str, object], **kwargs: object) -> TestResponse:
    answer = client.post(url, data, **kwargs)
    seen.check(app, who, url, answer)
    if answer.status_code in {302, 303}:
        target = answer.headers["Location"]
        seen.check(app, who, target, client.get(target))
    return answer


def desk_forms(app: Flask, desk: Desk, world: World, lang: str, seen: Rendered) -> None:
    """Desk pages that answer a POST: refusals with the typed text, results, flashes."""
    dora, bob, carl = (desk.login(n, lang) for n in ("Dora", "Bob", "Carl"))
    number = world.cases["received"]
    _post(app, seen, "Dora", dora, "/desk/report", {"what_happened": ""})
    _post(app, seen, "Carl", carl, "/desk/incident", {"nature": ""})
    _post(app, seen, "Bob", bob, "/desk/conflict", {"number": "X"})
    _post(app, seen, "Bob", bob, "/desk/conflict", {"number": number, "has_conflict": "1"})
    _post(app, seen, "Bob", bob, "/desk/declines",
          {"number": world.cases["decline before the board"]})
    _post(app, seen, "Dora", dora, "/desk/screening/notes",
          {"subject": "Mallory", "text": TYPED})
    _post(app, seen, "Dora", dora, "/desk/screening/notes/read", {"subject": "Mallory"})
    _post(app, seen, "Dora", dora, f"/desk/screening/{world.run_id}/measure",
          {"number": number, "participant": "Mallory", "measure": "preventive_exclusion",
           "event": "Wikimeetup", "reason": TYPED, "language": lang})
    # A step this person may not take now, and one done: the flash each brings.
    _post(app, seen, "Dora", dora, f"/desk/case/{number}/close", {})
    _post(app, seen, "Dora", dora, f"/desk/case/{number}/note", {"text": TYPED})
    _post(app, seen, "Dora", dora, f"/desk/case/{number}/triage", {"category": "nonsense"})
    # A kept form after the session's CSRF token changed, resumed after login.
    _post(app, seen, "Dora", dora, f"/desk/case/{number}/note",
          {"text": TYPED, "csrf_token": "stale"})
    anonymous = desk.client()
    anonymous.get(f"/desk/login?uselang={lang}")
    _post(app, seen, "-", anonymous, "/desk/login", {"username": "Dora", "password": "wrong"})
    anonymous.post("/desk/login", {"username": "Dora", "password": PASSWORD})
    seen.check(app, "Dora", "/desk/unlock", anonymous.get("/desk/unlock"))
    _post(app, seen, "Dora", anonymous, "/desk/unlock", {"passphrase": "wrong"})
    _post(app, seen, "Dora", dora, "/desk/logout", {})


def public_side(app: Flask, desk: Desk, world: World, lang: str, seen: Rendered) -> None:
    visitor = desk.client()
    visitor.get(f"/?uselang={lang}")
    crawl(app, "public", visitor, ["/", "/report", "/channel"], seen)
    form = {"emergency": "0", "is_victim": "1", "what_happened": TYPED, "where": "Utrecht",
            "reporter_name": "Rik", "reporter_contact": "rik@example.org",
            "respondent_username": "Mallory"}
    for extra in ({}, {"anonymous": "1", "reporter_name": "", "reporter_contact": ""},
                  {"emergency": "1"}, {"event": str(desk.events["meetup"])}):
        _post(app, seen, "public", visitor, "/report", form | extra | {"submission": ""})
    _post(app, seen, "public", visitor, "/report", {"what_happened": ""})
    _post(app, seen, "public", visitor, "/report/language", form | {"language": lang})
    _post(app, seen, "public", visitor, "/report", form | {"csrf_token": "stale"})
    _post(app, seen, "public", visitor, "/report",
          form | {"what_happened": "x" * (9 * 256 * 1024)})
    for state, code in world.codes.items():
        _post(app, seen, f"public ({state})", visitor, "/channel", {"code": code})
    code = world.codes["in handling, investigated"]
    _post(app, seen, "public", visitor, "/channel/write",
          {"code": code, "kind": "info", "text": TYPED})
    _post(app, seen, "public", visitor, "/channel/write", {"code": code, "kind": "info",
                                                          "text": ""})
    _post(app, seen, "public", visitor, "/channel/language",
          {"code": code, "language": lang, "text": TYPED})
    _post(app, seen, "public", visitor, "/channel", {"code": "WRONG-CODE"})
    _post(app, seen, "public", visitor, "/channel",
          {"code": code, "csrf_token": "stale"})


def error_pages(app: Flask, desk: Desk, lang: str, seen: Rendered) -> None:
    visitor = desk.client()
    visitor.get(f"/?uselang={lang}")
    for url in ("/no-such-page", "/report/language", "/desk/case/2026-999"):
        seen.check(app, "public", url, visitor.get(url))
    carl = desk.login("Carl", lang)
    for url in ("/desk/audit", "/desk/case/2099-001", "/desk/why/R-99.9"):
        seen.check(app, "Carl", url, carl.get(url))
    # 429: the public form from one address past its hourly limit.
    limited = desk.client()
    limited.get(f"/report?uselang={lang}")
    limited.client.environ_base["REMOTE_ADDR"] = f"198.51.100.{LANGUAGES.index(lang) + 1}"
    for _ in range(desk.core.config.web.reports_per_hour + 1):
        answer = limited.post("/report", {"what_happened": ""})
    assert answer.status_code == 429
    seen.check(app, "public", "/report", answer)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_issue_13_no_raw_value_on_any_page(database_url: str, desk: Desk) -> None:
    started = time.monotonic()
    world = build(desk)
    seen = Rendered()
    app = desk.app
    case_pages = [f"/desk/case/{n}" for n in world.cases.values()]
    for lang in LANGUAGES:
        for name in ROLES.values():
            client = desk.login(name, lang)
            crawl(app, name, client, ["/desk/", *case_pages, "/desk/why/R-10.3",
                                      "/desk/why/R-16", "/desk/resume"], seen)
        desk_forms(app, desk, world, lang, seen)
        public_side(app, desk, world, lang, seen)
        error_pages(app, desk, lang, seen)
    get_routes = {rule.endpoint for rule in app.url_map.iter_rules()
                  if "GET" in (rule.methods or ())}
    assert get_routes - seen.endpoints - set(NOT_PAGES) == set(), "GET routes never rendered"
    summary = (f"{len(seen.problems)} raw values ({seen.occurrences} occurrences) on "
               f"{seen.pages} pages rendered ({len(LANGUAGES)} languages, {len(ROLES)} roles "
               f"and the public side, {len(world.cases)} case states) in "
               f"{time.monotonic() - started:.0f} s")
    print(summary)
    print("\n".join(f"  {endpoint} {status}: {n}"
                    for (endpoint, status), n in sorted(seen.answers.items())))
    listing = "\n".join(f"{kind} {value!r} ×{len(where)}: {sorted(where)[0]}"
                        for (kind, value), where in sorted(seen.problems.items()))
    assert not seen.problems, f"{summary}\n{listing}"


def test_the_word_lists_are_not_dutch_or_swedish() -> None:
    """The English list flags no word of a Dutch or Swedish page text, and each enum value
    allowed as a Dutch or Swedish word is one (it is in that language's message files)."""
    page_areas = ("web-", "audit-", "rules-", "screening-", "pager-")
    for lang in LANGUAGES:
        words = Counter(w.lower() for key, text in catalogue(lang).items()
                        if key.startswith(page_areas) for w in re.findall(r"[^\W\d_]+", text))
        assert rawvalues.ENGLISH & set(words) == set(), lang
        everywhere = {w for text in catalogue(lang).values()
                      for w in re.findall(r"[^\W\d_]+", text)}
        assert rawvalues.SAME_WORD[lang] <= everywhere, lang


def test_the_reader_sees_text_and_shown_attributes_only() -> None:
    lang, pieces = rawvalues.visible(
        '<html lang="nl"><head><style>.in_handling{}</style></head><body>'
        '<p class="flash error">R-9.1: nee</p><select><option value="in_handling">In '
        'behandeling</option></select><input type="submit" value="Opslaan">'
        '<a class="why" href="/desk/why/R-1">waarom?</a><dd lang="en">the board</dd>'
        '<span title="web-case-heading">x</span><script>var received = 1;</script></body>')
    assert lang == "nl"
    assert [p.text for p in pieces] == ["R-9.1: nee", "In behandeling", "Opslaan", "waarom?",
                                        "the board", "web-case-heading", "x"]
    found = {(f.kind, f.value) for f in rawvalues.findings(pieces, lang)}
    # A refusal's R-ID is a label too (it belongs in its "why?" link); the English
    # quotation is marked as such.
    assert found == {("message key", "web-case-heading"), ("requirement ID as label", "R-9.1")}
    _, pieces = rawvalues.visible('<html lang="sv"><p>Status: in_handling, 2026-11-30T10:00'
                                  '+00:00, the case, R-10.3, (web-done)</p></html>')
    kinds = {f.kind for f in rawvalues.findings(pieces, "sv")}
    assert kinds == {"raw value", "ISO timestamp", "UTC offset", "English word",
                     "requirement ID as label", "message key"}
