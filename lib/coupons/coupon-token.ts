import { type KeyObject, sign } from "node:crypto";

/** The value part: what the coupon is worth and when it is valid. Signed by the issuer's value key. */
export interface ValuePart {
  kid: string;
  couponId: string;
  amountMinor: bigint;
  currency: string;
  issuedAt: Date;
  expiresAt: Date;
}

/** The owner part: who owns the coupon at which version. Countersigned by the owner-attestation key. */
export interface OwnerPart {
  kid: string;
  couponId: string;
  ownerPartyId: string;
  version: number;
}

export const tokenPrefix = "scrip1";
export const maxTokenLength = 1024;

/**
 * The exact bytes the value key signs: compact JSON with a fixed key order and whole seconds, so the same
 * coupon always yields the same bytes and they can be rebuilt from the database row.
 */
export function valuePayload(part: ValuePart): string {
  return `{"k":${JSON.stringify(part.kid)},"i":${JSON.stringify(part.couponId)},"a":"${part.amountMinor}","c":${JSON.stringify(part.currency)},"t":${Math.floor(part.issuedAt.getTime() / 1000)},"e":${Math.floor(part.expiresAt.getTime() / 1000)}}`;
}

/** The exact bytes the owner-attestation key signs. */
export function ownerPayload(part: OwnerPart): string {
  return `{"k":${JSON.stringify(part.kid)},"i":${JSON.stringify(part.couponId)},"o":${JSON.stringify(part.ownerPartyId)},"n":${part.version}}`;
}

/** Ed25519 signature of `payload` (UTF-8), base64url. */
export function signPayload(payload: string, privateKey: KeyObject): string {
  return sign(null, Buffer.from(payload, "utf8"), privateKey).toString("base64url");
}

/**
 * The compact, URL- and QR-safe token a wallet shows:
 * `scrip1.<value payload>.<value signature>.<owner payload>.<owner signature>`, every segment base64url.
 */
export function encodeCouponToken(input: {
  valuePayload: string;
  valueSignature: string;
  ownerPayload: string;
  ownerSignature: string;
}): string {
  const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64url");
  return `${tokenPrefix}.${b64(input.valuePayload)}.${input.valueSignature}.${b64(input.ownerPayload)}.${input.ownerSignature}`;
}
