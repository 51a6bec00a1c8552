"""Plaintext exposure of the sealed path (issue 10, ADR 0005): 0 s by construction, checked.

A report sealed in the browser reaches the wiki as ciphertext only, so the time its text is
readable on the wiki is 0 s whatever intake does. This measures it rather than asserting it:
`count` reports, each with a planted marker, are sealed exactly as the gadget seals them (HPKE
to the intake key, the same template, the same associated data) and saved through the API as
an ordinary user. After every save, while the sealed page is still on the wiki, every file in
the wiki's database directory (all tables and free pages, `text` and `archive` included) and
the PHP server's logs are searched for the marker. As a check that the scan looks where page
text is stored, each report's ciphertext must be found there.

`plaintext_exposure()` is the function `benchmarks/exposure_window.py` can call with its own
wiki; run alone it starts a test bed wiki.
(`tests/bot/sealed/test_sealed_browser.py` does the same with Chromium sealing on the real
form, and scans again after intake, with the API answers.)

Usage: python benchmarks/sealed_exposure.py [COUNT]
"""

from __future__ import annotations

import json
import secrets
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bvr import intake_key  # noqa: E402
from bvr.intake_key import IntakeKey  # noqa: E402
from testbed.mediawiki import LocalWiki, WikiFarm, WikiSession  # noqa: E402

PREFIX = "BVR-melding/"


@dataclass(frozen=True)
class Exposure:
    reports: int
    marker_found: int  # places where a report's plaintext marker was found (goal 0)
    ciphertext_found: int  # reports whose ciphertext the scan found (must equal `reports`)
    seconds: float  # plaintext exposure: 0.0 when no marker was ever found

    def line(self) -> str:
        return (f"sealed path: {self.reports} reports, plaintext found in {self.marker_found} "
                f"places, plaintext exposure {self.seconds:.1f} s (scan saw "
                f"{self.ciphertext_found}/{self.reports} ciphertexts)")


def sealed_wikitext(key: IntakeKey, user: str, fields: dict[str, object]) -> str:
    """What the gadget saves (gadget/src/core.js `seal` and bvr-sealed-report.js)."""
    emergency, language = bool(fields.get("emergency")), str(fields.get("language", ""))
    enc, ciphertext = intake_key.seal(
        key.public, json.dumps(fields, ensure_ascii=False).encode("utf-8"),
        intake_key.aad(key.kid, user, emergency, language))
    return (f"{{{{BVR-sealed\n| v = 1\n| kid = {key.kid}\n"
            f"| emergency = {'yes' if emergency else 'no'}\n| language = {language}\n"
            f"| enc = {intake_key.b64url(enc)}\n| ciphertext = {intake_key.b64url(ciphertext)}"
            "\n}}")


def found_in(wiki: LocalWiki, needle: str) -> int:
    """Files of the wiki's database directory and logs that hold `needle`."""
    data = needle.encode("utf-8")
    files = [p for p in wiki.data_dir.rglob("*") if p.is_file()]
    files += [p for p in (wiki.log_file, wiki.directory / "exception.log") if p.is_file()]
    return sum(1 for p in files if data in p.read_bytes())


def plaintext_exposure(wiki: LocalWiki, session: WikiSession, user: str, key: IntakeKey,
                       count: int = 20) -> Exposure:
    """Save `count` sealed reports as `user` (logged in on `session`); scan after each."""
    marker_found = ciphertext_found = 0
    for _ in range(count):
        marker = f"PLAIN-{secrets.token_hex(8)}"
        text = sealed_wikitext(key, user, {"what": f"{marker} | }}}} <nowiki/> שלום 🔐",
                                           "emergency": False, "language": "nl"})
        session.post_with_token(action="edit", title=f"{PREFIX}{secrets.token_hex(6)}",
                                text=text, summary="Melding (versleuteld)", createonly=True,
                                watchlist="nochange")
        marker_found += found_in(wiki, marker)
        ciphertext_found += found_in(wiki, text.split("| ciphertext = ")[1][:64]) > 0
    return Exposure(count, marker_found, ciphertext_found, 0.0 if marker_found == 0 else
                    float("nan"))


def main(count: int) -> None:
    with tempfile.TemporaryDirectory() as directory:
        farm = WikiFarm(Path(directory), ("nl",))
        with farm:
            wiki = farm["nl"]
            name, password = "Reporter bench", f"Pw-{secrets.token_hex(8)}"
            wiki.create_user(name, password)
            started = time.monotonic()
            with wiki.login(name, password) as session:
                result = plaintext_exposure(wiki, session, name, intake_key.new_key(), count)
            print(result.line())
            print(f"({time.monotonic() - started:.1f} s for {count} saves and scans)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
