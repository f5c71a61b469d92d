import { generateKeyPairSync } from "node:crypto";
import QRCode from "qrcode";
import { describe, expect, it } from "vitest";
import { newId } from "@/lib/ids";
import { type IssuerPublicKey, publicKeyObject } from "@/lib/keys/key-ring";
import { maxAmountMinor } from "@/lib/money/money";
import { compactTokenPrefix, encodeCompactToken } from "./compact-token";
import { ownerPayload, valuePayload } from "./coupon-payloads";
import { encodeCouponToken, signPayload } from "./coupon-token";
import { verifyCouponToken } from "./verify-coupon-token";

function keyPair(purpose: IssuerPublicKey["purpose"]) {
  const kid = newId("issuerKey");
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const x = publicKey.export({ format: "jwk" }).x as string;
  return { privateKey, public: { kid, purpose, status: "active" as const, x, key: publicKeyObject(kid, x) } };
}

const valueKey = keyPair("value");
const ownerKey = keyPair("owner_attestation");
const keys = new Map([
  [valueKey.public.kid, valueKey.public],
  [ownerKey.public.kid, ownerKey.public],
]);
const now = new Date("2026-01-15T00:00:00Z");

function signedParts(amountMinor = 1250n, couponId = newId("coupon")) {
  const value = {
    kid: valueKey.public.kid,
    couponId,
    amountMinor,
    currency: "EUR",
    issuedAt: new Date("2026-01-01T00:00:00.789Z"),
    expiresAt: new Date("2026-02-01T00:00:00Z"),
  };
  const owner = { kid: ownerKey.public.kid, couponId, ownerPartyId: newId("party"), version: 7 };
  return {
    value,
    owner,
    valueSignature: signPayload(valuePayload(value), valueKey.privateKey),
    ownerSignature: signPayload(ownerPayload(owner), ownerKey.privateKey),
  };
}

describe("the short form of a coupon token", () => {
  it("verifies exactly as the long form does, with the same signatures", () => {
    const parts = signedParts(maxAmountMinor);
    const long = encodeCouponToken({
      valuePayload: valuePayload(parts.value),
      valueSignature: parts.valueSignature,
      ownerPayload: ownerPayload(parts.owner),
      ownerSignature: parts.ownerSignature,
    });
    const short = encodeCompactToken(parts);
    expect(short).toMatch(/^SCRIP2\.[A-Z2-7]+$/);
    const fromShort = verifyCouponToken(short, { keys, now });
    expect(fromShort.status).toBe("valid");
    expect(fromShort).toEqual(verifyCouponToken(long, { keys, now }));
    expect(verifyCouponToken(short, { keys, now: parts.value.expiresAt }).status).toBe("expired");
  });

  it("fits a version 10 QR code at error correction L, in alphanumeric mode (the long form does not)", () => {
    const parts = signedParts(maxAmountMinor);
    const short = encodeCompactToken(parts) as string;
    const symbol = QRCode.create(short, { errorCorrectionLevel: "L" });
    expect(symbol.segments.map((segment) => segment.mode.id)).toEqual(["Alphanumeric"]);
    expect(symbol.version).toBeLessThanOrEqual(10);
    const long = encodeCouponToken({
      valuePayload: valuePayload(parts.value),
      valueSignature: parts.valueSignature,
      ownerPayload: ownerPayload(parts.owner),
      ownerSignature: parts.ownerSignature,
    });
    expect(QRCode.create(long, { errorCorrectionLevel: "L" }).version).toBeGreaterThan(10);
  });

  it("refuses any change: a field, a signature, the case, the length or a non-canonical spelling", () => {
    const short = encodeCompactToken(signedParts()) as string;
    const body = short.slice(compactTokenPrefix.length);
    const flip = (index: number) =>
      `${compactTokenPrefix}${body.slice(0, index)}${body[index] === "A" ? "B" : "A"}${body.slice(index + 1)}`;
    // A changed amount byte (offset 32 bytes ≈ character 52) or signature byte fails the signature check.
    expect(verifyCouponToken(flip(60), { keys, now }).status).toBe("bad_signature");
    expect(verifyCouponToken(flip(body.length - 20), { keys, now }).status).toBe("bad_signature");
    expect(verifyCouponToken(short.toLowerCase(), { keys, now }).status).toBe("malformed");
    expect(verifyCouponToken(short.slice(0, -8), { keys, now }).status).toBe("malformed");
    expect(verifyCouponToken(`${short}AAAAAAAA`, { keys, now }).status).toBe("malformed");
    // The last character carries 4 spare bits: only the canonical spelling (all zero) is accepted.
    const last = body.at(-1) as string;
    const spare = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"["ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".indexOf(last) | 1];
    expect(verifyCouponToken(`${short.slice(0, -1)}${spare}`, { keys, now }).status).toBe("malformed");
  });

  it("is not made for a coupon whose ids do not pack (the long form is shown instead)", () => {
    expect(encodeCompactToken(signedParts(1250n, "cpn_not-a-random-id"))).toBeNull();
  });
});
