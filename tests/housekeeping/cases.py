"""Setting up case files for the housekeeping tests, through the services only."""

from __future__ import annotations

from datetime import date, timedelta

import click
from click.testing import CliRunner, Result
from sqlalchemy import select, update

from bvr.commands.common import Context
from bvr.domain import CaseStatus, DecisionBody, PartyRole, SanctionType
from bvr.rules.facts import SanctionTerms
from bvr.services import decisions, support
from bvr.services.core import Core
from bvr.storage.models import Case, Person
from bvr.storage.models_retention import RetentionLink
from tests.considerations import weighed
from tests.services.helpers import report, unlock

WEIGHED = weighed("Herhaaldelijk schelden")


def in_handling(core: Core, text: str = "Iemand werd uitgescholden.",
                respondent: str = "Some user", supported: bool = True) -> str:
    """A case taken into handling; `supported`: the support offered to the reporter is
    recorded at once (R-17.1), so only the tests of that reminder see it."""
    number = report(core, text=text, respondent=respondent).number
    key = unlock(core, "Director")
    decisions.move_case(core, number, "Director", key, CaseStatus.IN_HANDLING)
    if supported:
        support.record_support(core, number, "Director", key, party_role=PartyRole.REPORTER,
                               offered="Een gesprek met de vertrouwenspersoon", accepted=True)
    return number


def sanction(core: Core, number: str, respondent: str = "Some user",
             kind: SanctionType = SanctionType.WARNING, starts_on: date = date(2026, 3, 14),
             ends_on: date | None = None, scope: str = "") -> None:
    decisions.impose_sanction(
        core, number, "Director", unlock(core, "Director"),
        body=DecisionBody.DIRECTOR_OR_BOARD_BVR, terms=SanctionTerms(kind, starts_on, ends_on),
        respondent=respondent, scope=scope, considerations=WEIGHED)


def close(core: Core, number: str) -> None:
    """Close the file. A decision is closed only after its appeal period (R-16.3): one not yet
    announced is taken as announced more than eight weeks ago, so closing is allowed now."""
    row = case_row(core, number)
    if row.status in {CaseStatus.DECIDED, CaseStatus.DECLINED} and \
            row.decision_announced_at is None:
        set_case(core, number, decision_announced_at=core.now() - timedelta(weeks=9))
    decisions.move_case(core, number, "Director", unlock(core, "Director"), CaseStatus.CLOSED)


def case_row(core: Core, number: str) -> Case:
    with core.database.transaction() as session:
        return session.scalars(select(Case).where(Case.at(number))).one()


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
