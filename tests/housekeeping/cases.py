"""Setting up case files for the housekeeping tests, through the services only."""

from __future__ import annotations

from datetime import date

import click
from click.testing import CliRunner, Result
from sqlalchemy import select, update

from bvr.commands.common import Context
from bvr.domain import CaseStatus, DecisionBody, SanctionType
from bvr.rules.facts import SanctionTerms
from bvr.services import decisions
from bvr.services.core import Core
from bvr.storage.models import Case, Person
from bvr.storage.models_retention import RetentionLink
from tests.considerations import weighed
from tests.services.helpers import report, unlock

WEIGHED = weighed("Herhaaldelijk schelden")


def in_handling(core: Core, text: str = "Iemand werd uitgescholden.",
                respondent: str = "Some user") -> str:
    number = report(core, text=text, respondent=respondent).number
    decisions.move_case(core, number, "Director", unlock(core, "Director"),
                        CaseStatus.IN_HANDLING)
    return number


def sanction(core: Core, number: str, respondent: str = "Some user",
             kind: SanctionType = SanctionType.WARNING, starts_on: date = date(2026, 3, 14),
             ends_on: date | None = None, scope: str = "") -> None:
    decisions.impose_sanction(
        core, number, "Director", unlock(core, "Director"),
        body=DecisionBody.DIRECTOR_OR_BOARD_BVR, terms=SanctionTerms(kind, starts_on, ends_on),
        respondent=respondent, scope=scope, considerations=WEIGHED)


def close(core: Core, number: str) -> None:
    decisions.move_case(core, number, "Director", unlock(core, "Director"), CaseStatus.CLOSED)


def case_row(core: Core, number: str) -> Case:
    with core.database.transaction() as session:
        return session.scalars(select(Case).where(Case.number == number)).one()


def linked_to(core: Core, number: str) -> set[int]:
    """R-15.5: the ids of the newer files that file `number` is linked to."""
    with core.database.transaction() as session:
        case_id = session.scalars(select(Case.id).where(Case.number == number)).one()
        return set(session.scalars(select(RetentionLink.linked_to_id).where(
            RetentionLink.case_id == case_id)))


def set_case(core: Core, number: str, **values: object) -> None:
    """Set metadata another feature's service records (report dates, announcements)."""
    with core.database.transaction() as session:
        session.execute(update(Case).where(Case.number == number).values(**values))


def set_email(core: Core, username: str, email: str) -> None:
    with core.database.transaction() as session:
        session.execute(update(Person).where(Person.username == username).values(email=email))


def run(command: click.Command, core: Core, *args: str) -> Result:
    """Run a housekeeping command on `core`, as `bvr` would, and insist that it succeeded."""
    result = CliRunner().invoke(command, list(args), obj=Context(_core=core),
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result
