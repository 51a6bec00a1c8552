"""The whole role x page matrix of the case desk in one walk (R-15.2, R-15.3, R-14.3, R-2.1,
R-7.2, R-8.5, R-9.1, R-6.1, R-6.2): every person of the cast, and a visitor without login,
against every desk page, every kind of case file, a stored screening run, guessed case numbers,
guessed run ids and guessed URLs. The set of pages each one
gets (HTTP 200) must be exactly what the protocol allows; everything else is a redirect to
the login (no login), 403 (a page of another role) or 404 (a case file: the same answer as a
number that does not exist, so guessing tells nothing). A screening run is a page of the
director and the board member BVR only: 403 for every other role, and for its readers a run id
that does not exist is 404."""

from __future__ import annotations

from bvr.casenumber import CaseNumber, parse
from bvr.services import screening
from tests.webhook.desk import scenario
from tests.webhook.desk.conftest import CAST, Desk, DeskClient

PAGES = ("home", "cases", "deadlines", "register", "audit", "report", "incident",
         "incidents", "conflict", "declines", "screening", "screening-notes", "board-report")
ROUTES = {"home": "/desk/", "cases": "/desk/cases", "deadlines": "/desk/deadlines",
          "register": "/desk/register", "audit": "/desk/audit", "report": "/desk/report",
          "incident": "/desk/incident", "incidents": "/desk/incidents",
          "conflict": "/desk/conflict", "declines": "/desk/declines",
          "screening": "/desk/screening", "screening-notes": "/desk/screening/notes",
          "board-report": "/desk/board-report"}
#: Pages of one stored screening run (its id known only once stored): role pages like ROUTES.
RUN_PAGES = {"screening-run"}
#: R-6.2: the director and the board member BVR read runs (and notes); R-6.1(b): anyone who
#: may enter a report (R-7.2) records a note.
SCREENING = {"screening", "screening-run", "screening-notes"}
ALL_CASES = {"case:ordinary", "case:board-appeal", "case:committee-appeal",
             "case:against-director", "case:on-site", "case:decline-proposed"}
CASE_DESK = {"home", "cases", "deadlines", "conflict"}
#: R-14.3: the director reports to the board twice a year (figures only).
BOARD_REPORT = {"board-report"}
READERS = {"Dora", "Bea"}  # of screening runs

#: What the protocol allows each one, exactly.
EXPECTED: dict[str | None, set[str]] = {
    None: set(),
    # the director opens the files gives them (not the one against them);
    # staff see the register and enter reports.
    "Dora": CASE_DESK | SCREENING | BOARD_REPORT | {
        "register", "report", "incident", "case:ordinary", "case:board-appeal",
        "case:committee-appeal", "case:on-site", "case:decline-proposed", "post:note"},
    # the board member BVR sees all case files (not the one against her, R-15.2) and
    # reads the audit log; as a board member she has the board's decline page.
    "Bea": CASE_DESK | SCREENING | BOARD_REPORT | {
        "register", "audit", "report", "incident", "post:note", "declines"} | (
        ALL_CASES - {"case:decline-proposed"}),
    # the board only the appeal it hears; board members may enter reports,
    # and record the board's decision to decline on the case number alone.
    # R-6.1(b): whoever may enter a report records notes about behaviour elsewhere.
    "Bob": CASE_DESK | BOARD_REPORT | {"report", "incident", "case:board-appeal", "declines",
                                       "screening-notes"},
    "Berta": CASE_DESK | BOARD_REPORT | {"report", "incident", "case:board-appeal", "declines",
                                         "screening-notes"},
    # the appeals committee only the appeal it hears.
    "Ada": CASE_DESK | {"case:committee-appeal"},
    # R-15.3, R-8.5: contact persons see the register and their own events' records; they
    # are never handed a file, so they declare no conflict on one.
    "Carl": {"home", "register", "report", "incident", "incidents", "screening-notes"},
    "Cora": {"home", "register", "report", "incident", "incidents", "screening-notes"},
    # staff see the register and enter reports (and records at events, R-8.1).
    "Stan": {"home", "conflict", "register", "report", "incident", "screening-notes"},
    # the confidant takes reports in confidence and opens no case file, unless an
    # investigation is delegated to them: the case list is theirs (empty here).
    "Vera": CASE_DESK | {"report", "screening-notes"},
}


def _guesses(ordinary: str, prefix: str) -> dict[str, str]:
    parsed = parse(ordinary, prefix)
    unused = str(CaseNumber(parsed.prefix, parsed.year, parsed.sequence + 50))
    wrong_check = ordinary[:-1] + ("A" if ordinary[-1] != "A" else "B")
    return {"guess:unused-number": f"/desk/case/{unused}",
            "guess:wrong-check-character": f"/desk/case/{wrong_check}",
            "guess:other-year": f"/desk/case/{CaseNumber(parsed.prefix, 2019, 1)}",
            "guess:sql": "/desk/case/1%27%20OR%20%271%27=%271",
            "guess:traversal": "/desk/case/..%2F..%2Fetc%2Fpasswd",
            "guess:admin": "/desk/admin",
            "guess:case-list-by-id": "/desk/cases/1",
            "guess:template": "/desk/templates/desk/case.html"}


def _walk(client: DeskClient, urls: dict[str, str], ordinary: str) -> dict[str, int]:
    seen = {name: client.get(url).status_code for name, url in urls.items()}
    seen["post:note"] = client.post(f"/desk/case/{ordinary}/note",
                                    {"text": "Checked the matrix."}).status_code
    seen["post:unknown-action"] = client.post(f"/desk/case/{ordinary}/destroy").status_code
    return seen


def test_R_15_2_R_15_3_R_14_3_every_role_against_every_desk_page(desk: Desk) -> None:
    cases = {"case:ordinary": scenario.in_handling(desk),
             "case:board-appeal": scenario.appealed(desk),
             "case:committee-appeal": scenario.appealed(desk, to_committee=True),
             "case:against-director": scenario.against_director(desk),
             "case:on-site": scenario.on_site(desk),
             "case:decline-proposed": scenario.decline_proposed(
                 desk, "A story that cannot be true (planted-d3c1).")}
    ordinary = cases["case:ordinary"]
    urls = dict(ROUTES)
    urls |= {name: f"/desk/case/{number}" for name, number in cases.items()}
    urls |= _guesses(ordinary, desk.core.config.case_prefix)
    run_id = screening.store_run(desk.core, {"participants": [
        {"raw": "Mallory", "name": "Mallory", "found_as": "Mallory", "status": "flagged",
         "exists_on": ["nlwiki"], "findings": [
             {"check": "d", "kind": "block", "source": "nlwiki", "reason": "planted-6e2b",
              "expiry": "infinite", "log_id": "7", "link": "", "detail": {}}]}]},
        {"kind": "csv", "path": "participants.csv"})
    urls["screening-run"] = f"/desk/screening/{run_id}"
    runs = {"guess:screening-run-unused": f"/desk/screening/{run_id + 50}",
            "guess:screening-run-zero": "/desk/screening/0",
            "guess:screening-run-huge": "/desk/screening/99999999999999999999",
            "guess:screening-run-text": "/desk/screening/1%20OR%201=1"}
    urls |= runs

    allowed: dict[str | None, set[str]] = {}
    for name in (None, *CAST):
        client = desk.login(name) if name else desk.client()
        seen = _walk(client, urls, ordinary)
        allowed[name] = {page for page, code in seen.items() if code in {200, 303}}
        for page, code in seen.items():
            if page in allowed[name]:
                continue
            if page in runs:
                # Readers: not found, like any run they cannot read. Others: the role's page
                # is refused (403) or, no login, leads to it; a non-number is no page at all.
                assert code in ({404} if name in READERS else {403, 404} if name else
                                {302, 404}), (name, page, code)
            elif name is None and (page in ROUTES or page in RUN_PAGES
                                   or page.startswith("case:") or page == "post:note"):
                assert code == 302, (name, page, code)  # to the login page
            elif page in ROUTES or page in RUN_PAGES:
                assert code == 403, (name, page, code)
            elif page == "post:note" or page.startswith(("case:", "guess:", "post:")):
                # Not available and not existing look the same (or CSRF-less: 400 for none).
                assert code in {404, 302}, (name, page, code)
        if name is not None and "cases" in allowed[name]:
            listed = client.get("/desk/cases").get_data(as_text=True)
            openable = {page for page in allowed[name] if page.startswith("case:")}
            for page, number in cases.items():
                assert (number in listed) == (page in openable), (name, page)
    assert allowed == EXPECTED

    # Contact persons read their own events' records only (R-8.5, R-15.2).
    record = cases["case:on-site"]
    assert record in desk.login("Carl").get("/desk/incidents").get_data(as_text=True)
    assert record not in desk.login("Cora").get("/desk/incidents").get_data(as_text=True)

    # the board's decline page names the proposal's case number to the board
    # members who decide, never its content; not to the board member BVR, who is a party.
    proposed = cases["case:decline-proposed"]
    for name in ("Bob", "Berta", "Bea"):
        page = desk.login(name).get("/desk/declines").get_data(as_text=True)
        assert (proposed in page) == (name != "Bea"), name
        for other in set(cases.values()) - {proposed}:
            assert other not in page, (name, other)
        for content in ("planted-d3c1", "cannot be true", "made up", "Bea", "Dora"):
            assert content not in page.split("<main", 1)[-1], (name, content)

    # A desk page without login leads to the login page, and back after unlocking.
    visitor = desk.client()
    answer = visitor.get(f"/desk/case/{ordinary}")
    assert answer.status_code == 302 and "/desk/login" in answer.headers["Location"]
