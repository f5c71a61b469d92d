import { verify } from "node:crypto";
import type { IssuerKeyLookup } from "@/lib/keys/key-ring";
import type { OwnerPart, ValuePart } from "./coupon-payloads";
import { parseCouponToken } from "./parse-coupon-token";

export type TokenStatus = "valid" | "bad_signature" | "unknown_key" | "malformed" | "expired";

export interface VerifiedCoupon {
  value: ValuePart;
  owner: OwnerPart;
}

export type TokenVerification =
  | { status: "valid" | "expired"; coupon: VerifiedCoupon }
  | { status: "bad_signature" | "unknown_key" | "malformed"; coupon?: undefined };

/**
 * Verifies a coupon token offline: both Ed25519 signatures (value key over the value part, owner-attestation
 * key over the owner part) against the published keys, each kid of the right purpose, and the expiry.
 * Never throws; hostile input yields `malformed`, `unknown_key` or `bad_signature`. The wallet terminal does the
 * same in the browser with WebCrypto (lib/terminal/verify-terminal.ts), over the same parser.
 */
export function verifyCouponToken(
  token: unknown,
  options: { keys: IssuerKeyLookup; now?: Date },
): TokenVerification {
  const parsed = parseCouponToken(token);
  if (!parsed) return { status: "malformed" };
  const { value, owner, signedBytes, signatures } = parsed;
  const valueKey = options.keys.get(value.kid);
  const ownerKey = options.keys.get(owner.kid);
  if (valueKey?.purpose !== "value" || ownerKey?.purpose !== "owner_attestation")
    return { status: "unknown_key" };
  if (
    !verify(null, signedBytes.value, valueKey.key, signatures.value) ||
    !verify(null, signedBytes.owner, ownerKey.key, signatures.owner)
  )
    return { status: "bad_signature" };
  const now = options.now ?? new Date();
  return { status: now >= value.expiresAt ? "expired" : "valid", coupon: { value, owner } };
}
