import { createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import type { Operation } from "../../lib/auth/operations";
import { makeOperationChallenge, operationDigest } from "../../lib/auth/operations";
import { encodeCompactToken } from "../../lib/coupons/compact-token";
import { encodeCouponToken, signPayload } from "../../lib/coupons/coupon-token";
import { parseCouponToken } from "../../lib/coupons/parse-coupon-token";
import { toBase64Url } from "../../lib/encoding/base64url";
import type { RecordedAssertion } from "../../lib/terminal/terminal-types";
import type { AssertionOverrides, TestAuthenticator } from "./test-authenticator";

/** The tools the terminal's vectors (terminal-vectors.ts) forge and tamper with: a key that is not the issuer's. */
export const attacker = generateKeyPairSync("ed25519").privateKey;
export const attackerX = createPublicKey(attacker).export({ format: "jwk" }).x as string;

/** A passkey assertion recorded as the server records it (PasskeyAuthorization), made by `authenticator`. */
export function recordAssertion(
  authenticator: TestAuthenticator,
  userId: string,
  operation: Operation,
  overrides: AssertionOverrides = {},
): RecordedAssertion {
  const digest = operationDigest(operation);
  const challenge = makeOperationChallenge(digest);
  return {
    kind: "passkey",
    userId,
    credentialId: authenticator.credentialId,
    publicKey: Buffer.from(authenticator.cosePublicKey()).toString("base64url"),
    operation,
    digest,
    challenge,
    origin: authenticator.origin,
    rpID: authenticator.rpId,
    response: authenticator.createAssertion(challenge, overrides) as RecordedAssertion["response"],
    verifiedAt: new Date().toISOString(),
  };
}

export const fields = (segment: string) => JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
export const segmentOf = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString("base64url");

/** A long-form token with one part's payload edited and signed again by `key` (default: someone not the issuer). */
export function resigned(
  token: string,
  part: "value" | "owner",
  edit: (payload: Record<string, unknown>) => void,
  key: KeyObject = attacker,
) {
  const [, valueText, valueSig, ownerText, ownerSig] = token.split(".") as string[];
  const payload = fields(part === "value" ? (valueText as string) : (ownerText as string));
  edit(payload);
  const text = JSON.stringify(payload);
  const signed = { payload: text, signature: signPayload(text, key) };
  return encodeCouponToken({
    valuePayload:
      part === "value" ? signed.payload : Buffer.from(valueText as string, "base64url").toString(),
    valueSignature: part === "value" ? signed.signature : (valueSig as string),
    ownerPayload:
      part === "owner" ? signed.payload : Buffer.from(ownerText as string, "base64url").toString(),
    ownerSignature: part === "owner" ? signed.signature : (ownerSig as string),
  });
}

/** The `SCRIP2.` form of a long token. */
export function shortFormOf(token: string): string {
  const parsed = parseCouponToken(token);
  if (!parsed) throw new Error("not a token");
  const short = encodeCompactToken({
    value: parsed.value,
    owner: parsed.owner,
    valueSignature: toBase64Url(parsed.signatures.value),
    ownerSignature: toBase64Url(parsed.signatures.owner),
  });
  if (!short) throw new Error("the token does not pack");
  return short;
}

/** The same operation about another coupon. */
export function aboutCoupon(operation: Operation, couponId: string): Operation {
  if (Array.isArray(operation.coupons)) {
    return { ...operation, coupons: operation.coupons.map((entry) => ({ ...(entry as object), couponId })) };
  }
  return { ...operation, couponId };
}

export const flipLast = (text: string) => {
  const bytes = Buffer.from(text, "base64url");
  bytes[bytes.length - 1]! ^= 1;
  return bytes.toString("base64url");
};
