import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { canonicalJson, type Json } from "./canonical-json";

/**
 * An operation a passkey assertion authorises, e.g. `{ type: "transfer.offer", couponId, version, … }`.
 * Money amounts are decimal strings of minor units so the digest never depends on number formatting.
 */
export type Operation = { type: string } & { [key: string]: Json };

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
