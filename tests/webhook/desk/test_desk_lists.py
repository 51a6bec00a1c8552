"""The desk's lists at the size of an archive (issue 13, item 6): each list page sends the same
number of SQL statements whatever the number of cases (the rule facts are loaded in bulk, a
page at a time), and long lists come in pages with links between them.

Behaviour, not speed: the timings are `benchmarks/desk.py`'s."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, select

from bvr.domain import DecisionBody, SanctionType
from bvr.services import casework, decisions, facts
from bvr.storage.models import Case
from tests.webhook.desk import scenario
from tests.webhook.desk.conftest import Desk, DeskClient

#: Each list page, and who reads it.
LISTS = {"/desk/cases": "Dora", "/desk/deadlines": "Dora", "/desk/audit": "Bea",
         "/desk/declines": "Bob", "/desk/register": "Carl"}


def _grow(desk: Desk, count: int) -> None:
    """`count` more cases, in the mix an archive holds: most only filed, some in handling,
    decided with a sanction in force (the register), proposed to decline to the board, or
    against the director (an officer among the parties)."""
    for index in range(count):
        match index % 10:
            case 0 | 1:
                scenario.in_handling(desk)
            case 2:
                scenario.decided(desk, "Dora", DecisionBody.DIRECTOR_OR_BOARD_BVR,
                                 SanctionType.NO_CONTACT, offender=f"Mallory{index}")
            case 3:
                scenario.decline_proposed(desk)
            case 4:
                scenario.against_director(desk)
            case _:
                desk.file(f"Report {index}.")


@contextmanager
def _counting(desk: Desk) -> Iterator[list[int]]:
    counted = [0]

    def count(*_args: Any) -> None:
        counted[0] += 1

    engine = desk.core.database.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield counted
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _statements(desk: Desk, clients: dict[str, DeskClient],
                pages: dict[str, str] = LISTS) -> dict[str, int]:
    found = {}
    for path, name in pages.items():
        clients[name].get(path)  # the first reading may check the audit chain further back
        with _counting(desk) as counted:
            page = clients[name].get(path)
        assert page.status_code == 200, path
        found[path] = counted[0]
    return found


def test_statements_per_list_page_do_not_grow_with_the_cases(desk: Desk) -> None:
    clients = {name: desk.login(name) for name in set(LISTS.values())}
    _grow(desk, 20)
    small = _statements(desk, clients)
    _grow(desk, 40)
    large = _statements(desk, clients)
    assert large == small
    # The lists did grow: the same statements now carry three times the cases.
    cases = clients["Dora"].get("/desk/cases?size=200").get_data(as_text=True)
    assert cases.count('<a href="/desk/case/') == 60 - 6  # not the six against the director


def test_statements_per_desk_page_do_not_grow_with_the_cases(desk: Desk) -> None:
    """The other desk pages too: one case's page (its facts read once a request, its rows
    found by case), the board report (its half-year's dates, not the archive's), the audit
    log filtered, the home page."""
    number = scenario.in_handling(desk)
    pages = {"/desk/": "Dora", f"/desk/case/{number}": "Dora",
             "/desk/board-report/2026-1.html": "Dora", f"/desk/audit?case={number}": "Bea",
             "/desk/audit?action=triaged": "Bea", "/desk/cases?page=2&size=25": "Dora"}
    clients = {name: desk.login(name) for name in set(pages.values())}
    _grow(desk, 20)
    small = _statements(desk, clients, pages)
    _grow(desk, 40)
    assert _statements(desk, clients, pages) == small


def test_long_lists_come_in_pages_with_links(desk: Desk) -> None:
    _grow(desk, 30)
    dora = desk.login("Dora")
    first = dora.get("/desk/cases?size=25").get_data(as_text=True)
    second = dora.get("/desk/cases?size=25&page=2").get_data(as_text=True)
    numbers = re.compile(r'<a href="/desk/case/([^"]+)">')
    on_first, on_second = numbers.findall(first), numbers.findall(second)
    assert len(on_first) == 25 and len(on_second) == 27 - 25
    assert not set(on_first) & set(on_second)
    assert 'rel="next" href="/desk/cases?page=2&amp;size=25"' in first
    assert 'aria-current="page">2<' in second and 'rel="prev"' in second
    assert 'rel="next"' not in second
    # A size that is not offered gives the default, a page past the end the last one.
    assert numbers.findall(dora.get("/desk/cases?size=100000").get_data(as_text=True))
    assert numbers.findall(dora.get("/desk/cases?size=25&page=99").get_data(
        as_text=True)) == on_second


def test_R_15_2_facts_in_bulk_are_the_facts_case_by_case(desk: Desk) -> None:
    """The lists judge access on facts built in bulk (`facts.many_case_facts`): for every kind
    of case they must equal the facts the case page and the actions build one case at a
    time, or a list would show a case its reader may not open (or hide one they may)."""
    _grow(desk, 10)
    scenario.appealed(desk)
    scenario.appealed(desk, to_committee=True)
    declared = desk.file("A conflict is declared on this one.")
    casework.declare_conflict(desk.core, declared, "Bob", True)
    with desk.core.database.transaction() as session:
        cases = session.scalars(select(Case)).all()
        bulk = facts.many_case_facts(session, desk.core, [
            (c.id, c.during_event, c.category) for c in cases])
        one_by_one = {c.id: facts.case_facts(session, desk.core, c) for c in cases}
    assert bulk == one_by_one
    assert any(f.appeal_heard_by for f in bulk.values())
    assert any(f.involved for f in bulk.values()) and any(f.conflicts for f in bulk.values())


def test_R_15_3_the_register_in_pages_holds_the_register(desk: Desk) -> None:
    """The paged register decrypts only its page, and shows what the whole register holds."""
    _grow(desk, 30)  # three sanctions in force
    carl_key = scenario.key(desk.core, "Carl")
    day = desk.clock.now.date()
    whole = decisions.sanctions_register(desk.core, "Carl", carl_key, day)
    paged = decisions.sanctions_register_page(desk.core, "Carl", carl_key, day, 1, 25)
    assert len(whole) == 3 and paged.total == 3
    assert sorted(paged, key=lambda line: line.username) == whole
    page = desk.login("Carl").get("/desk/register").get_data(as_text=True)
    assert all(f"<td>{line.username}</td>" in page for line in whole)
