import { verify } from "node:crypto";
import type { IssuerKeyLookup } from "@/lib/keys/key-ring";
import { maxTokenLength, type OwnerPart, tokenPrefix, type ValuePart } from "./coupon-token";

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

  const valueKey = options.keys.get(value.kid);
  const ownerKey = options.keys.get(owner.kid);
  if (valueKey?.purpose !== "value" || ownerKey?.purpose !== "owner_attestation") return unknownKey;
  // The signed bytes are the decoded payloads themselves, so nothing is re-serialised before verifying.
  const signed = (text: string, key: typeof valueKey.key, sig: string) =>
    verify(null, Buffer.from(text, "base64url"), key, Buffer.from(sig, "base64url"));
  if (!signed(valueText, valueKey.key, valueSig) || !signed(ownerText, ownerKey.key, ownerSig))
    return badSignature;
  const now = options.now ?? new Date();
  return { status: now >= value.expiresAt ? "expired" : "valid", coupon: { value, owner } };
}
