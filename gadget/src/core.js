/*
 * The sealing half of the BVR sealed report, bundled with esbuild into dist/bvr-sealed-core.js
 * (run build.sh; the bundle is committed so that `bvr wiki install` needs no Node).
 *
 * HPKE (RFC 9180), base mode, DHKEM(X25519, HKDF-SHA256) + HKDF-SHA256 + AES-128-GCM, from
 * @hpke/core on the browser's WebCrypto. Nothing here is home-made: this file only fixes the
 * suite and the byte formats that bvr/intake_key.py opens.
 */
import { Aes128Gcm, CipherSuite, DhkemX25519HkdfSha256, HkdfSha256 } from "@hpke/core";

const INFO = "BVR sealed report v1";
const AAD_LABEL = "bvr-sealed-report/1";

function suite() {
  return new CipherSuite({
    kem: new DhkemX25519HkdfSha256(),
    kdf: new HkdfSha256(),
    aead: new Aes128Gcm(),
  });
}

function b64url(bytes) {
  let text = "";
  const view = new Uint8Array(bytes);
  for (let i = 0; i < view.length; i += 0x8000) {
    text += String.fromCharCode.apply(null, view.subarray(i, i + 0x8000));
  }
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function unb64url(text) {
  const plain = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = new Uint8Array(plain.length);
  for (let i = 0; i < plain.length; i++) bytes[i] = plain.charCodeAt(i);
  return bytes;
}

/** The associated data: the readable routing fields and the saving account (see
 * bvr/intake_key.py `aad`); byte for byte the same. */
function aad(kid, user, emergency, language) {
  return new TextEncoder().encode(
    [AAD_LABEL, kid, user, emergency ? "yes" : "no", language].join("\n"));
}

/** Seal `fields` (an object of strings and booleans) to the intake key.
 * Returns {enc, ciphertext} as base64url text. */
async function seal(publicKey, kid, user, fields) {
  const hpke = suite();
  const plaintext = new TextEncoder().encode(JSON.stringify(fields));
  const sender = await hpke.createSenderContext({
    recipientPublicKey: await hpke.kem.deserializePublicKey(unb64url(publicKey)),
    info: new TextEncoder().encode(INFO),
  });
  const ciphertext = await sender.seal(plaintext,
    aad(kid, user, !!fields.emergency, fields.language || ""));
  return { enc: b64url(sender.enc), ciphertext: b64url(ciphertext) };
}

/** Whether this browser can seal: WebCrypto with X25519 (Chromium 133+, Firefox 130+,
 * Safari 17+). Without it the gadget leaves the plain form in place. */
async function supported() {
  try {
    if (!globalThis.crypto || !crypto.subtle) return false;
    await crypto.subtle.generateKey({ name: "X25519" }, false, ["deriveBits"]);
    return true;
  } catch (error) {
    return false;
  }
}

globalThis.bvrSealedCore = Object.freeze({
  seal, supported, aad, b64url, unb64url, INFO,
  // The library itself, so the tests run RFC 9180's vectors through this very bundle.
  hpke: Object.freeze({ Aes128Gcm, CipherSuite, DhkemX25519HkdfSha256, HkdfSha256 }),
});
