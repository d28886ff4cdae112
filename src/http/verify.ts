import { createPublicKey, type KeyObject, verify } from "node:crypto";

/**
 * Discord signs every request to an interactions endpoint with the application's Ed25519 key:
 * `X-Signature-Ed25519` (hex) over `X-Signature-Timestamp` + the raw body. An endpoint must refuse
 * anything else with 401 — Discord sends a forged request before it accepts the URL, to check.
 */

/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows it. */
const ED25519_SPKI_PREFIX = bytesOfHex("302a300506032b6570032100");

function bytesOfHex(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex, "hex"));
}

/** Requests older (or further in the future) than this are refused, so a captured one cannot be replayed later. */
export const MAX_SIGNATURE_AGE_S = 5 * 60;

/** The application's public key (General Information → Public Key: 64 hex characters) as a KeyObject. */
export function publicKeyFromHex(hex: string): KeyObject {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error("an Ed25519 public key is 64 hex characters");
  const der = new Uint8Array(ED25519_SPKI_PREFIX.length + 32);
  der.set(ED25519_SPKI_PREFIX, 0);
  der.set(bytesOfHex(hex), ED25519_SPKI_PREFIX.length);
  return createPublicKey({
    key: Buffer.from(der),
    format: "der",
    type: "spki",
  });
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/**
 * Whether a request really comes from Discord: both headers present and well formed, the timestamp within
 * five minutes of `nowMs`, and the signature valid for timestamp + body under `key`.
 */
export function checkSignature(
  key: KeyObject,
  headers: { signature: string | undefined; timestamp: string | undefined },
  rawBody: Uint8Array,
  nowMs: number = Date.now(),
): SignatureCheck {
  const { signature, timestamp } = headers;
  if (!signature || !timestamp) return { ok: false, reason: "missing signature headers" };
  if (!/^[0-9a-fA-F]{128}$/.test(signature)) return { ok: false, reason: "malformed signature" };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: "malformed timestamp" };
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > MAX_SIGNATURE_AGE_S) {
    return { ok: false, reason: "stale timestamp" };
  }
  const message = new Uint8Array(timestamp.length + rawBody.length);
  message.set(new TextEncoder().encode(timestamp), 0);
  message.set(rawBody, timestamp.length);
  let valid = false;
  try {
    valid = verify(null, message, key, bytesOfHex(signature));
  } catch {
    valid = false;
  }
  return valid ? { ok: true } : { ok: false, reason: "invalid signature" };
}
