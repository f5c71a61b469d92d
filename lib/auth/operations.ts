import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/**
 * An operation a passkey assertion authorises, e.g. `{ type: "transfer.offer", couponId, version, … }`.
 * Money amounts are decimal strings of minor units so the digest never depends on number formatting.
 */
export type Operation = { type: string } & { [key: string]: Json };

/** JSON with keys sorted at every level, so the same operation always hashes the same. */
export function canonicalJson(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key] as Json)}`).join(",")}}`;
  }
  if (typeof value === "number" && !Number.isSafeInteger(value)) {
    throw new Error("operations carry only safe integers; send money as a decimal string");
  }
  return JSON.stringify(value);
}

/** SHA-256 of the canonical operation, base64url. */
export function operationDigest(operation: Operation): string {
  return createHash("sha256").update(canonicalJson(operation)).digest("base64url");
}

const nonceBytes = 16;

/**
 * A WebAuthn challenge that commits to an operation: 16 random bytes followed by the operation's SHA-256.
 * Anyone holding the recorded assertion and the operation can later re-check the commitment.
 */
export function makeOperationChallenge(digest: string): string {
  return Buffer.concat([randomBytes(nonceBytes), Buffer.from(digest, "base64url")]).toString("base64url");
}

/** True when `challenge` (base64url) was made by `makeOperationChallenge` for exactly `digest`. */
export function challengeCommitsTo(challenge: string, digest: string): boolean {
  const bytes = Buffer.from(challenge, "base64url");
  const expected = Buffer.from(digest, "base64url");
  if (bytes.length !== nonceBytes + expected.length || expected.length !== 32) return false;
  return timingSafeEqual(bytes.subarray(nonceBytes), expected);
}
