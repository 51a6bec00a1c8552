"""`bvr demo --offline`: the core alone at work on the embedded defaults, in a scratch
directory, for a machine without the test bed's MediaWiki (`bvr demo` itself, in
`testbed/demo.py`, runs the main job on a local wiki and uses `add_people` from here).

It creates a SQLite database, a director and a board member BVR with demo passphrases,
files a report as staff would, opens the case file as the director, and prints the yearly
figures. It also gives the director a local case-desk password and writes a configuration
file for the demo database, and says how to open the same case on the case desk
(`bvr serve`). Everything lives under the chosen directory; delete it to start over.
"""

from __future__ import annotations

import json
import os
import secrets
import shlex
import sys
from dataclasses import replace
from pathlib import Path

from bvr import config as configuration
from bvr.commands.common import Context, print_json, say
from bvr.config import ENV_BLIND_INDEX_KEY
from bvr.domain import Channel, PartyRole, Role
from bvr.files import write_private
from bvr.services import casefiles, casework_accounts, people
from bvr.services.core import Core
from bvr.services.reports import PartyInput, ReportInput, file_report
from bvr.services.stats import yearly_figures
from bvr.storage import schema
from bvr.storage.db import Database

DEMO_DIRECTOR = "Demo director"
DEMO_PEOPLE = {DEMO_DIRECTOR: (Role.DIRECTOR, Role.STAFF),
               "Demo board member": (Role.BOARD, Role.BOARD_BVR)}
DEMO_PASSPHRASE = "demo passphrase, not for real use"  # noqa: S105 (a demo, shown in docs)
DEMO_PASSWORD = "demo password, not for real use"  # noqa: S105 (the desk login, likewise)


def add_people(core: Core) -> None:
    """The demo's director (with a local case-desk password) and board member BVR, each with
    a key pair locked with the demo passphrase; people there already are kept."""
    known = {p.username for p in people.list_people(core)}
    for name, roles in DEMO_PEOPLE.items():
        if name not in known:
            people.add_person(core, name, roles)
            people.set_passphrase(core, name, DEMO_PASSPHRASE)
    casework_accounts.set_local_password(core, DEMO_DIRECTOR, DEMO_PASSWORD)


def run_offline(ctx: Context, directory: Path) -> None:
    """File a demo report and open it, on a fresh SQLite database in `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    key_file = directory / "blind-index-key"
    if not os.environ.get(ENV_BLIND_INDEX_KEY):
        # A real deployment sets this secret in the environment; the demo keeps its own.
        if not key_file.exists():
            write_private(key_file, secrets.token_hex(32))
        os.environ[ENV_BLIND_INDEX_KEY] = key_file.read_text(encoding="ascii").strip()
    database_path = (directory / "bvr.sqlite3").resolve()
    config = replace(configuration.load(ctx.config_path), database_path=str(database_path))
    core = Core(config, Database(f"sqlite:///{directory / 'bvr.sqlite3'}"))
    schema.upgrade(core.database)
    add_people(core)
    filed = file_report(core, ReportInput(
        channel=Channel.ORAL, language=config.language, entered_by="Demo director",
        what_happened="Tijdens de lunch van de demo-editathon werd een deelnemer uitgelachen.",
        where="Demo-editathon",
        parties=(PartyInput(PartyRole.REPORTER, name="Demo reporter"),
                 PartyInput(PartyRole.RESPONDENT, username="Demo respondent"))))
    say(ctx, "core-report-filed", number=filed.number, num_readers=filed.readers)
    key = people.unlock(core, "Demo director", DEMO_PASSPHRASE)
    view = casefiles.open_case(core, filed.number, "Demo director", key)
    print_json({"number": view.number, "status": view.status.value,
                "what_happened": view.entries[0].content["what_happened"]})
    print_json(yearly_figures(core, view.received_at.astimezone(config.zone).year).as_dict())
    core.database.dispose()
    # The desk reads its database from a configuration file, like a real deployment.
    demo_config = (directory / "bvr.toml").resolve()
    write_private(demo_config, f"database_path = {json.dumps(str(database_path))}\n")
    program = shlex.join([sys.executable, "-m", "bvr"]) if sys.argv[0].endswith(
        "__main__.py") else shlex.quote(sys.argv[0])  # `python -m bvr` or the bvr script
    command = (f"BVR_BLIND_INDEX_KEY=$(cat {shlex.quote(str(key_file.resolve()))}) "
               f"{program} --config {shlex.quote(str(demo_config))} serve")
    say(ctx, "core-demo-desk", command=command, address="http://127.0.0.1:5000/desk/",
        name="Demo director", password=DEMO_PASSWORD, passphrase=DEMO_PASSPHRASE)
