"""The desk's texts: every message key its code and templates use exists in Dutch, English and
Swedish (area `bvr/i18n/desk/`, next to the public side's `bvr/i18n/web/`), the two areas
share no key, and every desk page renders in every language."""

from __future__ import annotations

import json
import re
from enum import StrEnum
from pathlib import Path

import pytest

from bvr.domain import (
    CaseStatus,
    Category,
    Channel,
    Consultee,
    DecisionBody,
    Disclosure,
    EntryKind,
    PartyRole,
    Role,
    SanctionType,
)
from bvr.i18n import LANGUAGES, catalogue
from bvr.rules import investigation
from bvr.rules.deadlines import DeadlineStatus
from bvr.rules.disclosure import Relation
from bvr.services import board, casework, casework_incident, casework_web
from tests.webhook.desk import scenario
from tests.webhook.desk.conftest import Desk

ROOT = Path(__file__).parents[3]
SOURCES = [*sorted((ROOT / "webhook" / "auth").glob("*.py")),
           *sorted((ROOT / "webhook" / "desk").glob("*.py")),
           *sorted((ROOT / "webhook" / "templates" / "desk").rglob("*.html")),  # partials too
           ROOT / "bvr" / "services" / "next_steps.py",
           *sorted((ROOT / "webhook" / "templates" / "auth").glob("*.html")),
           ROOT / "webhook" / "cli.py",
           *(ROOT / "bvr" / "services" / f"casework{part}.py"
             for part in ("", "_accounts", "_decline", "_desk", "_incident",
                          "_investigation", "_outcome")),
           ROOT / "bvr" / "services" / "auditlog.py",
           ROOT / "bvr" / "services" / "board.py", ROOT / "bvr" / "services" / "measures.py"]
#: Owned by the public side's area and only used here (see the brief of issue 4).
SHARED = re.compile(r"^web-(channel-kind|channel-send|desk|form-.*)$")
#: The labels the desk builds from enumerations: `label('<prefix>', value)`.
ENUMS: dict[str, type[StrEnum]] = {
    "desk-status": CaseStatus, "desk-category": Category, "desk-channel": Channel,
    "desk-party": PartyRole, "desk-role": Role, "desk-body": DecisionBody,
    "desk-relation": Relation, "desk-disclosure": Disclosure, "desk-entry": EntryKind,
    "desk-consultee": Consultee, "desk-deadline": DeadlineStatus, "desk-sanction": SanctionType,
}


def _area(name: str) -> set[str]:
    path = ROOT / "bvr" / "i18n" / name / "en.json"
    return {k for k in json.loads(path.read_text(encoding="utf-8")) if not k.startswith("@")}


def _dash(value: str) -> str:
    return value.replace("_", "-")


def test_every_key_the_desk_uses_exists_in_every_language() -> None:
    used: set[str] = set()
    for path in SOURCES:
        used |= {key for key in re.findall(r"""["'](web-[a-zA-Z0-9.-]+)["']""",
                                           path.read_text(encoding="utf-8"))
                 if not key.endswith("-")}  # a prefix completed at run time: below
    used |= {f"web-{prefix}-{_dash(v.value)}" for prefix, enum in ENUMS.items() for v in enum}
    used |= {"web-desk-body-outside"}  # an appeal with only an outside step left
    used |= {f"web-topic-{t}" for t in casework.INFORM_TOPICS}
    used |= {f"web-incident-action-{_dash(a)}" for a in casework_incident.ACTIONS}
    used |= {f"web-send-kind-{_dash(k)}" for k in (
        *casework_web.DESK_KINDS, *casework_web.REPORTER_KINDS,
        *casework_web.ADOPTED_KIND.values())}
    used |= {f"web-desk-stage-{stage}" for stage in ("draft", "review", "final")}
    used |= {f"web-deadline-{r}" for r in ("R-7.4", "R-10.1", "R-10.3", "R-11.6", "R-16.3",
                                           "emergency", "appeal-decision")}
    used |= {f"web-register-alv-{term}" for term in ("excepted", "included")}  # R-11.1(d)
    used |= {f"web-board-motion-{kind}" for kind in (board.SANCTION, board.APPEAL)}
    # the investigation steps panel (desk/actions/investigation_steps.html).
    used |= {f"web-steps-{_dash(s)}" for s in investigation.INFORMATION}
    used |= {f"web-steps-outcome-{_dash(o)}" for o in investigation.Outcome}
    used |= {f"web-steps-missing-{_dash(m)}" for m in investigation.Missing}
    used |= {"web-entry-entered-by-intake"}  # a report the intake entered (not a person)
    used |= {f"web-case-sanction-{how}" for how in ("replaced", "lifted")}  # on appeal
    desk, web = _area("desk"), _area("web")
    # A command's dry-run form, "<key>-would", which `bvr.commands.common.say` picks.
    used |= {f"{k}-would" for k in used if f"{k}-would" in desk}
    # Field names of case-file entries: looked up by name, with the technical name as the
    # fallback; the worked case in test_casework shows that none falls back.
    used |= {k for k in desk if k.startswith("web-entry-field-")}
    for lang in LANGUAGES:
        missing = used - set(catalogue(lang))
        assert not missing, (lang, sorted(missing))
    assert not desk & web
    assert not {k for k in desk if SHARED.match(k)}
    # Every desk key is in use: the area holds nothing stale.
    assert desk <= used, sorted(desk - used)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_desk_page_renders_in_every_language(desk: Desk, lang: str) -> None:
    number = scenario.appealed(desk)
    scenario.on_site(desk)
    pages = {"Bea": ["/desk/", "/desk/cases", "/desk/deadlines", "/desk/register",
                     "/desk/audit", "/desk/report", "/desk/incident", "/desk/conflict",
                     f"/desk/case/{number}"],
             "Carl": ["/desk/incidents", "/desk/incident"]}
    for name, paths in pages.items():
        client = desk.login(name, lang=lang)
        for path in paths:
            page = client.get(path)
            assert page.status_code == 200, (name, path)
            assert f'<html lang="{lang}" dir="ltr">' in page.get_data(as_text=True)
    for path in ("/desk/login", "/desk/unlock"):
        assert desk.client().get(f"{path}?uselang={lang}").status_code in {200, 302}
