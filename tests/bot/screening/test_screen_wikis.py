"""`bvr screen` against three real local MediaWikis (R-6.1, R-6.2, R-15.3): users blocked,
partially blocked, with an expired block, unblocked, renamed, hidden and never existing, set
up through the API; the run is stored for the director and the board member BVR only."""

from __future__ import annotations

import json
import math
import secrets
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from bot.screening.cli import screen, screening
from bvr.commands.common import Context
from bvr.config import Mail
from bvr.domain import SanctionType
from bvr.errors import BvrError
from bvr.rules.verdict import RuleRefused
from bvr.services import screening as service
from bvr.services.core import Core
from testbed.mediawiki import MEDIAWIKI_ROOT, WikiFarm
from testbed.ports import free_port
from testbed.pywikibot_dir import PywikibotEnv
from testbed.smtp import SmtpCapture
from tests.conftest import FrozenClock
from tests.housekeeping.cases import in_handling, sanction, set_email
from tests.services.helpers import officers, unlock

pytestmark = pytest.mark.mediawiki


def run(command: click.Command, core: Core, *args: str, input_text: str = "") -> Result:
    result = CliRunner().invoke(command, list(args), obj=Context(_core=core), input=input_text,
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result
RENAME = MEDIAWIKI_ROOT / "extensions" / "Renameuser" / "maintenance" / "renameUser.php"


def _configure(core: Core, pywikibot_env: PywikibotEnv, **screening: object) -> None:
    pywikibot_env.activate()
    wikis = tuple(f"{pywikibot_env.family(n)}:{pywikibot_env.family(n)}"
                  for n in ("nl", "wp", "meta"))
    meta = wikis[2]
    settings = replace(core.config.screening, wikis=wikis, central="",
                       ban_list=f"{meta}:List of globally banned users",
                       noticeboards=(f"{wikis[1]}:Project:Noticeboard",),
                       campaign_events=meta)
    core.config = replace(core.config, screening=replace(settings, **screening),
                          wiki=replace(core.config.wiki, family=pywikibot_env.family("nl"),
                                       code=pywikibot_env.family("nl")))


def _setup_wikis(farm: WikiFarm, tag: str) -> dict[str, str]:
    names = {k: f"{k.capitalize()} {tag}" for k in
             ("blocked", "partial", "expired", "unblocked", "renamed", "hidden", "clean",
              "banned", "quarrel", "sanctioned")}
    for key, name in names.items():
        wikis = {"hidden": ("wp",), "renamed": ("nl",)}.get(key, ("nl", "wp"))
        for wiki in wikis:
            farm[wiki].create_user(name, "Screening-test-2024!")
    with farm["nl"].local_settings.open("a", encoding="utf-8") as settings:
        if "Renameuser" not in farm["nl"].local_settings.read_text(encoding="utf-8"):
            settings.write("\nwfLoadExtension('Renameuser');\n")
    farm["nl"]._run_php(str(RENAME), "--oldname", names["renamed"],
                        "--newname", names["renamed"] + " new")
    with farm["wp"].login(farm.admin.name, farm.admin.password) as admin:
        admin.post_with_token(action="block", user=names["blocked"], expiry="1 month",
                              reason="Persistent vandalism")
        admin.post_with_token(action="block", user=names["partial"], expiry="infinite",
                              reason="Edit warring", partial=1, allowusertalk=1,
                              pagerestrictions="Main Page")
        admin.post_with_token(action="block", user=names["expired"], expiry="1 second",
                              reason="Short block")
        admin.post_with_token(action="block", user=names["unblocked"], expiry="1 week",
                              reason="Mistake")
        admin.post_with_token(action="unblock", user=names["unblocked"], reason="Sorry")
        admin.post_with_token(action="block", user=names["hidden"], expiry="infinite",
                              reason="Hidden", hidename=1)
        admin.post_with_token(action="edit", title="Project:Noticeboard",
                              text=f"== Edit war ==\n[[User:{names['quarrel']}]] keeps "
                                   "reverting. ~~~~\n")
    with farm["nl"].login(farm.admin.name, farm.admin.password) as admin:
        admin.post_with_token(action="block", user=names["renamed"] + " new",
                              expiry="infinite", reason="Block after rename")
    with farm["meta"].login(farm.admin.name, farm.admin.password) as admin:
        admin.post_with_token(action="edit", title="List of globally banned users",
                              text="== Foundation bans ==\n{| class=wikitable\n! User\n|-\n"
                                   f"| [[User:{names['banned']}]]\n|}}\n")
    time.sleep(1.5)  # let the one-second block expire
    return names


def test_R_6_1_screening_of_a_csv_against_three_wikis(
        core: Core, wiki_farm: WikiFarm, pywikibot_env: PywikibotEnv, tmp_path: Path) -> None:
    officers(core)
    _configure(core, pywikibot_env)
    names = _setup_wikis(wiki_farm, secrets.token_hex(3))
    number = in_handling(core, respondent=names["sanctioned"])
    sanction(core, number, respondent=names["sanctioned"], kind=SanctionType.EVENT_EXCLUSION,
             starts_on=date(2026, 3, 1), ends_on=date(2030, 1, 1))
    service.add_note(core, "Director", names["clean"] + "x", "not a participant")
    note = service.add_note(core, "Director", names["expired"], "Rude at the last meetup")
    listed = [*names.values(), "Never existed " + names["clean"], "192.0.2.44", "bad|name",
              names["blocked"].replace(" ", "_").lower(), "Help:Me"]
    csv_file = tmp_path / "participants.csv"
    csv_file.write_text("username\n" + "\n".join(listed) + "\n", encoding="utf-8")

    first = json.loads(run(screen, core, "--csv", str(csv_file), "--json").stdout)
    by_name = {p["name"]: p for p in first["participants"]}

    def kinds(key: str) -> set[tuple[str, str, str]]:
        return {(f["check"], f["kind"], f["source"]) for f in by_name[names[key]]["findings"]}

    assert ("d", "block", "wpwiki") in kinds("blocked")
    block = next(f for f in by_name[names["blocked"]]["findings"] if f["kind"] == "block")
    assert block["reason"] == "Persistent vandalism" and block["log_id"] and block["expiry"]
    assert ("d", "partial-block", "wpwiki") in kinds("partial")
    assert ("d", "block", "wpwiki") not in kinds("expired")  # expired: history only
    assert ("c", "block-history", "wpwiki") in kinds("expired")
    assert ("b", "note", "wmnl") in kinds("expired")
    assert {f["log_id"] for f in by_name[names["expired"]]["findings"]
            if f["kind"] == "note"} == {str(note)}
    assert ("d", "block", "wpwiki") not in kinds("unblocked")
    history = {f["detail"]["action"] for f in by_name[names["unblocked"]]["findings"]}
    assert history == {"block", "unblock"}
    assert by_name[names["renamed"]]["status"] == "flagged"
    assert ("identity", "renamed", "nlwiki") in kinds("renamed")
    assert ("d", "block", "nlwiki") in kinds("renamed")  # the new name's block
    assert by_name[names["hidden"]]["status"] in {"unknown", "hidden"}  # never "clean"
    # The test bed has no CentralAuth and no GlobalBlocking: locks and global blocks cannot
    # be checked, so nobody is "clean".
    assert by_name[names["clean"]]["status"] == "unchecked"
    assert by_name[names["clean"]]["unchecked"] == ["global-blocks", "locks"]
    assert {"note": "locks-not-checked"} in first["notes"]
    assert {"note": "global-blocks-not-checked"} in first["notes"]
    # The test wikis load Renameuser, as Wikimedia wikis do: the rename log is asked.
    assert not [n for n in first["notes"] if n.get("note") == "log-type-missing"]
    assert ("a", "global-ban", "metawiki") in kinds("banned")
    assert ("c", "noticeboard", "wpwiki") in kinds("quarrel")
    assert ("a", "wmnl-sanction", "wmnl") in kinds("sanctioned")
    assert by_name["Never existed " + names["clean"]]["status"] == "unknown"
    assert by_name["192.0.2.44"]["status"] == "ip"
    assert by_name["Bad|name"]["status"] == "invalid"
    assert by_name["Help:Me"]["status"] == "invalid"  # the wiki's own `invalid`, run goes on
    assert len(first["participants"]) == len(listed) - 1  # the lower-case duplicate

    accounts = len(listed) - 3  # minus the IP, the invalid name and the duplicate
    for wiki in ("nlwiki", "wpwiki", "metawiki"):
        assert first["requests"][wiki]["blocks"] == math.ceil(accounts / 50)

    second = json.loads(run(screen, core, "--csv", str(csv_file), "--json").stdout)
    assert all(phase in {"source", "fixed"} or count == 0
               for wiki in second["requests"].values()
               for phase, count in wiki.items())  # the cache answered everything
    assert second["participants"] == first["participants"]

    stored = service.read_run(core, first["run"], "Director", unlock(core, "Director"))
    assert stored["report"]["participants"] == first["participants"]
    assert service.read_run(core, first["run"], "Board_bvr", unlock(core, "Board bvr"))
    with pytest.raises(RuleRefused):
        service.read_run(core, first["run"], "Confidant", unlock(core, "Confidant"))


def test_R_6_1_registration_page_and_a_measure_with_a_letter(
        core: Core, wiki_farm: WikiFarm, pywikibot_env: PywikibotEnv) -> None:
    officers(core)
    _configure(core, pywikibot_env, noticeboards=())
    tag = secrets.token_hex(3)
    blocked, withdrawn = f"Paged {tag}", f"Withdrawn {tag}"
    for name in (blocked, withdrawn):
        wiki_farm["nl"].create_user(name, "Screening-test-2024!")
    with wiki_farm["nl"].login(wiki_farm.admin.name, wiki_farm.admin.password) as admin:
        for name in (blocked, withdrawn):
            admin.post_with_token(action="block", user=name, expiry="infinite",
                                  reason="Harassment")
        admin.post_with_token(action="edit", title=f"Editathon {tag}/Deelnemers",
                              text=f"== Deelnemers ==\n# [[Gebruiker:{blocked}]] ~~~~\n"
                                   f"# {{{{u|Admin}}}}\n# 192.0.2.9\n"
                                   f"== Afgemeld ==\n# [[Gebruiker:{withdrawn}]]\n")
    table = run(screen, core, "--page", f"Editathon {tag}/Deelnemers", "--format", "table")
    assert blocked in table.stdout and "AANDACHT" in table.stdout
    # Listed as withdrawn: not screened, and the summary says who was left out and why.
    screened = table.stdout.split("Weggelaten")[0]
    assert withdrawn not in screened
    assert ("Weggelaten: sectie \u201cAfgemeld\u201d noemt afgemelde mensen "
            f"(1 persoon: {withdrawn})") in table.stdout
    only = json.loads(run(screen, core, "--page", f"Editathon {tag}/Deelnemers",
                          "--section", "Afgemeld", "--json").stdout)
    assert [p["name"] for p in only["participants"]] == [withdrawn]
    number = in_handling(core, respondent=blocked)
    letter = run(screening, core, "measure", number, "--as", "Director", "--participant",
                 blocked, "--measure", "preventive_exclusion", "--event", "Editathon",
                 "--reason", "Blocked for harassment", "--lang", "nl", "--stdin",
                 input_text="director passphrase 1\n").stdout
    assert blocked in letter and "artikel 6.2" in letter


def test_R_6_2_nobody_to_read_the_run_means_no_request_at_all(
        core: Core, tmp_path: Path) -> None:
    csv_file = tmp_path / "p.csv"
    csv_file.write_text("Someone\n", encoding="utf-8")
    with pytest.raises(BvrError):
        from bot.screening.cli import perform
        perform(core, {"kind": "csv", "path": str(csv_file)})


def test_R_6_2_scheduled_recheck_alerts_on_a_new_block_until_the_event_starts(
        core: Core, clock: FrozenClock, wiki_farm: WikiFarm, pywikibot_env: PywikibotEnv,
        smtp_capture: SmtpCapture, tmp_path: Path) -> None:
    officers(core)
    _configure(core, pywikibot_env, cache_minutes=0, recheck_hours=24)
    core.config = replace(core.config, mail=Mail(host=smtp_capture.host,
                                                 port=smtp_capture.port))
    address = f"director-{secrets.token_hex(4)}@example.org"
    set_email(core, "Director", address)
    tag = secrets.token_hex(3)
    calm, later = f"Calm {tag}", f"Later {tag}"
    for name in (calm, later):
        wiki_farm["wp"].create_user(name, "Screening-test-2024!")
    csv_file = tmp_path / "participants.csv"
    csv_file.write_text(f"username\n{calm}\n{later}\n", encoding="utf-8")
    event_starts = (clock.now + timedelta(days=3)).strftime("%Y-%m-%d")
    first = json.loads(run(screen, core, "--csv", str(csv_file), "--no-history", "--json",
                           "--recheck-until", event_starts).stdout)
    # No CentralAuth in the test bed: "nothing found, not fully checked", never "clean".
    assert first["schedule"] and all(p["status"] == "unchecked"
                                     for p in first["participants"])

    # Nothing is due before the interval: the job may run as often as it likes.
    assert json.loads(run(screening, core, "recheck", "--json").stdout)["rechecked"] == []

    with wiki_farm["wp"].login(wiki_farm.admin.name, wiki_farm.admin.password) as admin:
        admin.post_with_token(action="block", user=later, expiry="1 month",
                              reason="Harassment")
    clock.advance(hours=25)
    # The mail server is down: the job fails saying so, and the change is not forgotten.
    working = core.config.mail
    core.config = replace(core.config, mail=Mail(host=working.host, port=free_port()))
    with pytest.raises(BvrError):
        CliRunner().invoke(screening, ["recheck", "--json"], obj=Context(_core=core),
                           catch_exceptions=False)
    core.config = replace(core.config, mail=working)
    [done] = json.loads(run(screening, core, "recheck", "--json").stdout)["rechecked"]
    assert done["schedule"] == first["schedule"] and done["changed"] == 1
    mail = smtp_capture.wait_for(lambda m: address in str(m["X-Envelope-To"]))
    body = mail.get_content()
    assert str(done["run"]) in body
    for secret in (later, calm, "Harassment"):  # that something changed, never who or how
        assert secret not in body and secret not in str(mail["Subject"])

    clock.advance(hours=25)  # unchanged since: a run, but no alert
    [again] = json.loads(run(screening, core, "recheck", "--json").stdout)["rechecked"]
    assert again["changed"] == 0
    assert len(smtp_capture.sent_to(address)) == 1
    clock.advance(days=2)  # the event has started: the schedule is closed
    assert json.loads(run(screening, core, "recheck", "--json").stdout)["rechecked"] == []


def test_R_6_1_a_wiki_without_campaign_events_is_a_clear_error_and_no_run(
        core: Core, pywikibot_env: PywikibotEnv) -> None:
    """The test bed's MediaWiki has no CampaignEvents extension: its REST route answers 404,
    which must read as "no participant list for this event", not as an empty, clean list."""
    officers(core)
    _configure(core, pywikibot_env)
    with pytest.raises(BvrError) as refused:
        CliRunner().invoke(screen, ["--campaign-event", "7", "--json"],
                           obj=Context(_core=core), catch_exceptions=False)
    assert refused.value.message.key == "screening-campaign-events-answer"
    assert service.list_runs(core, "Director") == []


def test_R_6_1_held_out_style_page_every_participant_has_a_status_withdrawn_left_out(
        core: Core, wiki_farm: WikiFarm, pywikibot_env: PywikibotEnv) -> None:
    """A registration page as found in the held-out run: links, templates, a table, an IP, a
    name that is no account, a namespace-prefixed name, and a withdrawn section whose person is
    blocked. The run finishes, stores, gives every listed person a status, and leaves the
    withdrawn person out, saying so."""
    officers(core)
    _configure(core, pywikibot_env, noticeboards=())
    tag = secrets.token_hex(3)
    linked, templated, tabled, gone = (f"{k} {tag}" for k in ("Linked", "Templated", "Tabled",
                                                              "Gone"))
    for name in (linked, templated, tabled, gone):
        wiki_farm["nl"].create_user(name, "Screening-test-2024!")
    with wiki_farm["nl"].login(wiki_farm.admin.name, wiki_farm.admin.password) as admin:
        admin.post_with_token(action="block", user=gone, expiry="infinite", reason="Harassment")
        admin.post_with_token(
            action="edit", title=f"Meetup {tag}/Aanmelden",
            text=f"Georganiseerd door [[Gebruiker:Admin]].\n== Deelnemers ==\n"
                 f"# [[Gebruiker:{linked}|{linked}]]\n# {{{{u|{templated}}}}}\n"
                 f"# 192.0.2.77\n# [[Gebruiker:Nobody {tag}]]\n# {{{{u|Help:Me}}}}\n"
                 f"{{| class=\"wikitable\"\n! Gebruikersnaam\n|-\n| {tabled}\n|}}\n"
                 f"== Afgemeld ==\n# [[Gebruiker:{gone}]]\n")
    report = json.loads(run(screen, core, "--page", f"Meetup {tag}/Aanmelden",
                            "--json").stdout)
    status = {p["name"]: p["status"] for p in report["participants"]}
    assert status == {linked: "unchecked", templated: "unchecked", tabled: "unchecked",
                      "192.0.2.77": "ip", f"Nobody {tag}": "unknown", "Help:Me": "invalid"}
    assert gone not in status
    left = [n for n in report["notes"] if n["note"].startswith("section-")]
    assert {"note": "section-withdrawn", "section": "Afgemeld", "num": "1",
            "names": gone} in left
    assert any(n["note"] == "section-not-registered" and n["names"] == "Admin" for n in left)
    assert service.read_run(core, report["run"], "Director", unlock(core, "Director"))
