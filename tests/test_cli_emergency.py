"""The emergency fast track from the command line (issue 12, item 7): `bvr report file
--emergency` alerts the emergency contacts at once, without content, as the web form and the
case desk do. Before this change it alerted nobody."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from bvr.cli import main
from testbed.smtp import SmtpCapture

CONTACT = "noodlijn@example.org"
PLANTED = "He follows her home planted-e3c1"


def test_R_8_1_an_emergency_filed_on_the_command_line_alerts_the_emergency_contacts(
        tmp_path: Path, smtp_capture: SmtpCapture) -> None:
    config = tmp_path / "bvr.toml"
    config.write_text(f'emergency_contacts = ["{CONTACT}"]\n[mail]\nhost = "{smtp_capture.host}"'
                      f"\nport = {smtp_capture.port}\n", encoding="utf-8")
    env = {"BVR_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}", "BVR_LANG": "en",
           "BVR_CONFIG": str(config)}
    runner = CliRunner()
    for args in (["db", "upgrade"], ["people", "add", "Directeur", "--role", "director"]):
        assert runner.invoke(main, args, env=env).exit_code == 0
    assert runner.invoke(main, ["people", "passphrase", "Directeur", "--stdin"],
                         input="a long enough passphrase\n", env=env).exit_code == 0
    smtp_capture.clear()
    quiet = runner.invoke(main, ["report", "file", "--entered-by", "Directeur",
                                 "--text", "Not urgent."], env=env)
    assert quiet.exit_code == 0, quiet.output
    assert smtp_capture.sent_to(CONTACT) == []
    filed = runner.invoke(main, ["report", "file", "--entered-by", "Directeur", "--emergency",
                                 "--text", PLANTED], env=env)
    assert filed.exit_code == 0, filed.output
    assert "emergency contacts have been alerted" in filed.output
    (alarm,) = smtp_capture.sent_to(CONTACT)
    assert "SPOED" in alarm["Subject"]
    for message in smtp_capture.messages:
        assert "planted-e3c1" not in message.as_string()
