import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { type IssuerPublicKey, publicKeyObject } from "@/lib/keys/key-ring";
import { maxTokenLength, ownerPayload, valuePayload } from "./coupon-payloads";
import { encodeCouponToken, signPayload } from "./coupon-token";
import { verifyCouponToken } from "./verify-coupon-token";

function keyPair(kid: string, purpose: IssuerPublicKey["purpose"]) {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const x = publicKey.export({ format: "jwk" }).x as string;
  return { privateKey, public: { kid, purpose, status: "active" as const, x, key: publicKeyObject(kid, x) } };
}

const value = keyPair("isk_value_________________", "value");
const owner = keyPair("isk_owner_________________", "owner_attestation");
const keys = new Map([
  [value.public.kid, value.public],
  [owner.public.kid, owner.public],
]);
const issuedAt = new Date("2026-01-01T00:00:00Z");
const expiresAt = new Date("2026-02-01T00:00:00Z");

function makeToken(amountMinor = 1250n) {
  const valueText = valuePayload({
    kid: value.public.kid,
    couponId: "cpn_AAAAAAAAAAAAAAAAAAAAAA",
    amountMinor,
    currency: "EUR",
    issuedAt,
    expiresAt,
  });
  const ownerText = ownerPayload({
    kid: owner.public.kid,
    couponId: "cpn_AAAAAAAAAAAAAAAAAAAAAA",
    ownerPartyId: "pty_BBBBBBBBBBBBBBBBBBBBBB",
    version: 3,
  });
  return encodeCouponToken({
    valuePayload: valueText,
    valueSignature: signPayload(valueText, value.privateKey),
    ownerPayload: ownerText,
    ownerSignature: signPayload(ownerText, owner.privateKey),
  });
}

describe("coupon token", () => {
  it("is compact, URL- and QR-safe, and round-trips every field", () => {
    const token = makeToken(999_999_999_999_999_999n);
    expect(token.length).toBeLessThanOrEqual(maxTokenLength);
    expect(token.length).toBeLessThan(600);
    expect(encodeURIComponent(token)).toBe(token);
    const result = verifyCouponToken(token, { keys, now: new Date("2026-01-15T00:00:00Z") });
    expect(result.status).toBe("valid");
    expect(result.coupon).toEqual({
      value: {
        kid: value.public.kid,
        couponId: "cpn_AAAAAAAAAAAAAAAAAAAAAA",
        amountMinor: 999_999_999_999_999_999n,
        currency: "EUR",
        issuedAt,
        expiresAt,
      },
      owner: {
        kid: owner.public.kid,
        couponId: "cpn_AAAAAAAAAAAAAAAAAAAAAA",
        ownerPartyId: "pty_BBBBBBBBBBBBBBBBBBBBBB",
        version: 3,
      },
    });
  });

  it("reports expiry only for genuine tokens, at the exact second", () => {
    const token = makeToken();
    expect(verifyCouponToken(token, { keys, now: new Date(expiresAt.getTime() - 1) }).status).toBe("valid");
    expect(verifyCouponToken(token, { keys, now: expiresAt }).status).toBe("expired");
  });

  it("needs both keys, each of its own purpose", () => {
    const token = makeToken();
    expect(verifyCouponToken(token, { keys: new Map([[value.public.kid, value.public]]) }).status).toBe(
      "unknown_key",
    );
    const swapped = new Map([
      [value.public.kid, { ...value.public, purpose: "owner_attestation" as const }],
      [owner.public.kid, owner.public],
    ]);
    expect(verifyCouponToken(token, { keys: swapped }).status).toBe("unknown_key");
  });

  it("is deterministic: the same coupon state always gives the same payload bytes", () => {
    const part = { kid: "k", couponId: "c", amountMinor: 5n, currency: "JPY", issuedAt, expiresAt };
    expect(valuePayload(part)).toBe(valuePayload({ ...part }));
    expect(valuePayload(part)).toBe('{"k":"k","i":"c","a":"5","c":"JPY","t":1767225600,"e":1769904000}');
  });
});
