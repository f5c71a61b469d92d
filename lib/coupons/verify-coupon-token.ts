import { verify } from "node:crypto";
import type { IssuerKeyLookup } from "@/lib/keys/key-ring";
import { compactTokenPrefix, decodeCompactToken } from "./compact-token";
import {
  maxTokenLength,
  type OwnerPart,
  ownerPayload,
  tokenPrefix,
  type ValuePart,
  valuePayload,
} from "./coupon-token";

export type TokenStatus = "valid" | "bad_signature" | "unknown_key" | "malformed" | "expired";

export interface VerifiedCoupon {
  value: ValuePart;
  owner: OwnerPart;
}

export type TokenVerification =
  | { status: "valid" | "expired"; coupon: VerifiedCoupon }
  | { status: "bad_signature" | "unknown_key" | "malformed"; coupon?: undefined };

const malformed: TokenVerification = { status: "malformed" };
const unknownKey: TokenVerification = { status: "unknown_key" };
const badSignature: TokenVerification = { status: "bad_signature" };
const segment = /^[A-Za-z0-9_-]+$/;
const signatureLength = 86; // 64 bytes in unpadded base64url

function decodeJson(text: string): Record<string, unknown> | undefined {
  if (text.length > 600 || !segment.test(text)) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    return parsed !== null && typeof parsed === "object" ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const isText = (value: unknown, max: number): value is string =>
  typeof value === "string" && value.length > 0 && value.length <= max;
const isSeconds = (value: unknown): value is number =>
  typeof value === "number" && Number.isSafeInteger(value) && value > 0;

function parseValue(fields: Record<string, unknown>): ValuePart | undefined {
  const { k, i, a, c, t, e } = fields;
  if (!isText(k, 64) || !isText(i, 64) || !isText(c, 3) || !isSeconds(t) || !isSeconds(e)) return undefined;
  if (typeof a !== "string" || !/^[1-9][0-9]{0,17}$/.test(a)) return undefined;
  return {
    kid: k,
    couponId: i,
    amountMinor: BigInt(a),
    currency: c,
    issuedAt: new Date(t * 1000),
    expiresAt: new Date(e * 1000),
  };
}

function parseOwner(fields: Record<string, unknown>): OwnerPart | undefined {
  const { k, i, o, n } = fields;
  if (!isText(k, 64) || !isText(i, 64) || !isText(o, 64)) return undefined;
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 1) return undefined;
  return { kid: k, couponId: i, ownerPartyId: o, version: n };
}

/**
 * Verifies a coupon token offline: both Ed25519 signatures (value key over the value part, owner-attestation
 * key over the owner part) against the published keys, each kid of the right purpose, and the expiry.
 * Never throws; hostile input yields `malformed`, `unknown_key` or `bad_signature`.
 */
export function verifyCouponToken(
  token: unknown,
  options: { keys: IssuerKeyLookup; now?: Date },
): TokenVerification {
  if (typeof token !== "string" || token.length > maxTokenLength) return malformed;
  if (token.startsWith(compactTokenPrefix)) {
    // The short form carries the fields; the signed bytes are the payloads they rebuild exactly.
    const compact = decodeCompactToken(token);
    if (!compact) return malformed;
    const { value, owner } = compact;
    return verifyParts(
      { value, owner },
      {
        value: Buffer.from(valuePayload(value), "utf8"),
        owner: Buffer.from(ownerPayload(owner), "utf8"),
      },
      { value: compact.valueSignature, owner: compact.ownerSignature },
      options,
    );
  }
  const parts = token.split(".");
  if (parts.length !== 5 || parts[0] !== tokenPrefix) return malformed;
  const [, valueText, valueSig, ownerText, ownerSig] = parts as [string, string, string, string, string];
  if (valueSig.length !== signatureLength || ownerSig.length !== signatureLength) return malformed;
  if (!segment.test(valueSig) || !segment.test(ownerSig)) return malformed;
  const valueFields = decodeJson(valueText);
  const ownerFields = decodeJson(ownerText);
  const value = valueFields && parseValue(valueFields);
  const owner = ownerFields && parseOwner(ownerFields);
  if (!value || !owner || value.couponId !== owner.couponId) return malformed;
  // The signed bytes are the decoded payloads themselves, so nothing is re-serialised before verifying.
  return verifyParts(
    { value, owner },
    { value: Buffer.from(valueText, "base64url"), owner: Buffer.from(ownerText, "base64url") },
    { value: Buffer.from(valueSig, "base64url"), owner: Buffer.from(ownerSig, "base64url") },
    options,
  );
}

/** Both signatures over their signed bytes, each by a published key of the right purpose, then the expiry. */
function verifyParts(
  coupon: VerifiedCoupon,
  signedBytes: { value: Buffer; owner: Buffer },
  signatures: { value: Buffer; owner: Buffer },
  options: { keys: IssuerKeyLookup; now?: Date },
): TokenVerification {
  const { value, owner } = coupon;
  const valueKey = options.keys.get(value.kid);
  const ownerKey = options.keys.get(owner.kid);
  if (valueKey?.purpose !== "value" || ownerKey?.purpose !== "owner_attestation") return unknownKey;
  if (
    !verify(null, signedBytes.value, valueKey.key, signatures.value) ||
    !verify(null, signedBytes.owner, ownerKey.key, signatures.owner)
  )
    return badSignature;
  const now = options.now ?? new Date();
  return { status: now >= value.expiresAt ? "expired" : "valid", coupon: { value, owner } };
}
