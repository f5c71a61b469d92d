import { fromBase64Url, textOfBase64Url } from "@/lib/encoding/base64url";
import { compactTokenPrefix, decodeCompactToken } from "./compact-token";
import {
  maxTokenLength,
  type OwnerPart,
  ownerPayload,
  tokenPrefix,
  type ValuePart,
  valuePayload,
} from "./coupon-payloads";

/**
 * A coupon token taken apart, before any signature is checked: both parts, the exact bytes each key signed and the
 * two raw signatures. One parser for both forms (`scrip1.` and `SCRIP2.`), free of Node APIs, so the server
 * (verifyCouponToken) and the wallet terminal in the browser (verifyCouponInTerminal) read a token alike.
 */
export interface ParsedCouponToken {
  value: ValuePart;
  owner: OwnerPart;
  signedBytes: { value: Uint8Array; owner: Uint8Array };
  signatures: { value: Uint8Array; owner: Uint8Array };
}

const segment = /^[A-Za-z0-9_-]+$/;
const signatureLength = 86; // 64 bytes in unpadded base64url
const utf8 = new TextEncoder();

function decodeJson(text: string): Record<string, unknown> | undefined {
  if (text.length > 600 || !segment.test(text)) return undefined;
  try {
    const parsed: unknown = JSON.parse(textOfBase64Url(text) ?? "");
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

/** The parts, signed bytes and signatures of a token of either form, or undefined for anything malformed. */
export function parseCouponToken(token: unknown): ParsedCouponToken | undefined {
  if (typeof token !== "string" || token.length > maxTokenLength) return undefined;
  if (token.startsWith(compactTokenPrefix)) {
    // The short form carries the fields; the signed bytes are the payloads they rebuild exactly.
    const compact = decodeCompactToken(token);
    if (!compact) return undefined;
    const { value, owner } = compact;
    return {
      value,
      owner,
      signedBytes: { value: utf8.encode(valuePayload(value)), owner: utf8.encode(ownerPayload(owner)) },
      signatures: { value: compact.valueSignature, owner: compact.ownerSignature },
    };
  }
  const parts = token.split(".");
  if (parts.length !== 5 || parts[0] !== tokenPrefix) return undefined;
  const [, valueText, valueSig, ownerText, ownerSig] = parts as [string, string, string, string, string];
  if (valueSig.length !== signatureLength || ownerSig.length !== signatureLength) return undefined;
  const valueFields = decodeJson(valueText);
  const ownerFields = decodeJson(ownerText);
  const value = valueFields && parseValue(valueFields);
  const owner = ownerFields && parseOwner(ownerFields);
  if (!value || !owner || value.couponId !== owner.couponId) return undefined;
  // The signed bytes are the decoded payloads themselves, so nothing is re-serialised before verifying.
  const signedBytes = { value: fromBase64Url(valueText), owner: fromBase64Url(ownerText) };
  const signatures = { value: fromBase64Url(valueSig), owner: fromBase64Url(ownerSig) };
  if (!signedBytes.value || !signedBytes.owner || !signatures.value || !signatures.owner) return undefined;
  return {
    value,
    owner,
    signedBytes: { value: signedBytes.value, owner: signedBytes.owner },
    signatures: { value: signatures.value, owner: signatures.owner },
  };
}
