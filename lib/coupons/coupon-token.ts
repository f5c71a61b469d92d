import { type KeyObject, sign } from "node:crypto";
import { tokenPrefix } from "./coupon-payloads";

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
