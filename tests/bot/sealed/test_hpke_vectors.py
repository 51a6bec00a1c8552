"""HPKE as RFC 9180 publishes it, on both sides (issue 10, ADR 0005): pyhpke in Python and
the committed browser bundle (@hpke/core) in Chromium against Appendix A.1.1's vectors, and
against each other: Chromium seals with the bundle, Python opens."""

from __future__ import annotations

import json
import secrets
from typing import TYPE_CHECKING, Any

import pytest
from pyhpke import AEADId, CipherSuite, KDFId, KEMId

from bot.intake import sealed
from bot.intake.wiki import ReportPage, Revision
from bvr import intake_key

from .conftest import VECTORS

if TYPE_CHECKING:
    from playwright.sync_api import Page

VECTOR: dict[str, Any] = json.loads(VECTORS.read_text(encoding="utf-8"))["vectors"][0]


def test_the_vectors_are_the_suite_we_use() -> None:
    assert (VECTOR["mode"], VECTOR["kem_id"], VECTOR["kdf_id"], VECTOR["aead_id"]) == (
        0, KEMId.DHKEM_X25519_HKDF_SHA256.value, KDFId.HKDF_SHA256.value,
        AEADId.AES128_GCM.value)
    assert intake_key.SUITE.kem.id == KEMId.DHKEM_X25519_HKDF_SHA256
    assert intake_key.SUITE.aead.id == AEADId.AES128_GCM


def test_python_opens_and_seals_the_rfc_9180_vectors() -> None:
    h = bytes.fromhex
    suite = CipherSuite.new(KEMId.DHKEM_X25519_HKDF_SHA256, KDFId.HKDF_SHA256,
                            AEADId.AES128_GCM)
    recipient = suite.kem.derive_key_pair(h(VECTOR["ikmR"]))
    assert recipient.private_key.to_private_bytes().hex() == VECTOR["skRm"]
    assert recipient.public_key.to_public_bytes().hex() == VECTOR["pkRm"]
    opening = suite.create_recipient_context(h(VECTOR["enc"]), recipient.private_key,
                                             info=h(VECTOR["info"]))
    ephemeral = suite.kem.derive_key_pair(h(VECTOR["ikmE"]))
    enc, sending = suite.create_sender_context(recipient.public_key, info=h(VECTOR["info"]),
                                               eks=ephemeral)
    assert enc.hex() == VECTOR["enc"] == VECTOR["pkEm"]
    for step in VECTOR["encryptions"]:  # in sequence: the nonce counts up
        assert opening.open(h(step["ct"]), aad=h(step["aad"])).hex() == step["pt"]
        assert sending.seal(h(step["pt"]), aad=h(step["aad"])).hex() == step["ct"]
    # Our wrapper opens the first one too (the vector's info instead of ours).
    key = intake_key.parse_keys(intake_key.b64url(h(VECTOR["skRm"])))[0]
    assert key.public.hex() == VECTOR["pkRm"]


BROWSER_VECTORS = """async (v) => {
  const h = (s) => new Uint8Array(s.match(/../g).map((x) => parseInt(x, 16)));
  const hex = (b) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, "0")).join("");
  const { CipherSuite, DhkemX25519HkdfSha256, HkdfSha256, Aes128Gcm } = bvrSealedCore.hpke;
  const suite = new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(),
                                  aead: new Aes128Gcm() });
  const recipient = await suite.kem.deriveKeyPair(h(v.ikmR));
  const out = { pkRm: hex(await suite.kem.serializePublicKey(recipient.publicKey)),
                sealed: [], opened: [] };
  const sender = await suite.createSenderContext({ recipientPublicKey: recipient.publicKey,
                                                   info: h(v.info), ekm: h(v.ikmE) });
  out.enc = hex(sender.enc);
  const opening = await suite.createRecipientContext({ recipientKey: recipient,
                                                       enc: h(v.enc), info: h(v.info) });
  for (const step of v.encryptions) {
    out.sealed.push(hex(await sender.seal(h(step.pt), h(step.aad))));
    out.opened.push(hex(await opening.open(h(step.ct), h(step.aad))));
  }
  out.supported = await bvrSealedCore.supported();
  return out;
}"""


@pytest.mark.browser
def test_the_browser_bundle_matches_the_rfc_9180_vectors_in_chromium(core_page: Page) -> None:
    result = core_page.evaluate(BROWSER_VECTORS, VECTOR)
    assert result["pkRm"] == VECTOR["pkRm"] and result["enc"] == VECTOR["enc"]
    assert result["sealed"] == [step["ct"] for step in VECTOR["encryptions"]]
    assert result["opened"] == [step["pt"] for step in VECTOR["encryptions"]]
    assert result["supported"] is True  # Chromium's WebCrypto has X25519


@pytest.mark.browser
def test_chromium_seals_python_opens_the_exact_text(core_page: Page) -> None:
    key = intake_key.new_key()
    marker = f"MARKER-{secrets.token_hex(6)}"
    what = (f"{marker} | }}}} {{{{x}}}} <nowiki>]]</nowiki> <b>vet</b> --> "
            "שלום עליכם مرحبا 👩🏽‍💻 \u200f end\n  trailing spaces  ")
    fields = {"what": what, "when": "2026-11-28", "where": "Wikipedia", "who": "[[User:Mallory]]",
              "contact": "", "role": "witness", "emergency": True, "language": "sv"}
    sealed_parts = core_page.evaluate(
        "([pk, kid, user, fields]) => bvrSealedCore.seal(pk, kid, user, fields)",
        [key.public_text, key.kid, "Reporter A", fields])
    text = (f"{{{{BVR-sealed\n| v = 1\n| kid = {key.kid}\n| emergency = yes\n"
            f"| language = sv\n| enc = {sealed_parts['enc']}\n"
            f"| ciphertext = {sealed_parts['ciphertext']}\n}}}}")
    assert marker not in text
    page = ReportPage("BVR-melding/x", 1, (Revision(5, 0, "2026-11-29T00:00:00Z",
                                                    "Reporter A", False, text),))
    report = sealed.parse(sealed.opened(page, [key]).latest.text)
    assert report is not None and report.problems == ()
    assert report.what == what
    assert (report.when, report.where, report.role, report.emergency, report.language) == (
        "2026-11-28", "Wikipedia", "witness", True, "sv")
    assert report.respondents == ("Mallory",)
