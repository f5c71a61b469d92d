import { generateKeyPairSync } from "node:crypto";
import type { Operation } from "../../lib/auth/operations";
import { ownerPayload, valuePayload } from "../../lib/coupons/coupon-payloads";
import { encodeCouponToken, signPayload } from "../../lib/coupons/coupon-token";
import { offerOperation } from "../../lib/coupons/operations";
import { shopOfferPayload } from "../../lib/coupons/shop-offer-payload";
import { newId } from "../../lib/ids";
import type { TerminalJwk } from "../../lib/terminal/terminal-types";
import { giveGroupOperation } from "../../lib/transfers/gift-operations";
import { givePartOperation } from "../../lib/transfers/give-part-operation";
import { recordAssertion } from "./terminal-forgery";
import type { ServerTruth } from "./terminal-parity";
import type { TerminalBase } from "./terminal-vectors";
import { TestAuthenticator, type TestPasskeyAlgorithm } from "./test-authenticator";

/**
 * Genuine offers of every kind the server makes, signed by an issuer and passkeys of this file's own, so the
 * terminal's vectors run without a database: in the unit test, and in Chromium (e2e/terminal).
 */
/** An issuer of its own, so these vectors need no database (the integration test uses the server's keys). */
function issuerKey(purpose: "value" | "owner_attestation") {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const x = publicKey.export({ format: "jwk" }).x as string;
  const jwk: TerminalJwk = {
    kty: "OKP",
    crv: "Ed25519",
    x,
    kid: newId("issuerKey"),
    use: "sig",
    alg: "EdDSA",
    purpose,
    status: "active",
  };
  return { privateKey, jwk };
}
export const valueKey = issuerKey("value");
export const ownerKey = issuerKey("owner_attestation");
export const jwks = { keys: [valueKey.jwk, ownerKey.jwk] };
export const now = new Date("2026-11-29T10:00:00Z");
export const rp = { origin: "https://scrip.example", rpID: "scrip.example" };
export const giverParty = newId("party");
export const receiverParty = newId("party");

export function token(input: {
  couponId: string;
  amountMinor: bigint;
  owner: string;
  version: number;
  expiresAt?: Date;
}) {
  const value = {
    kid: valueKey.jwk.kid,
    couponId: input.couponId,
    amountMinor: input.amountMinor,
    currency: "EUR",
    issuedAt: new Date("2026-11-01T00:00:00Z"),
    expiresAt: input.expiresAt ?? new Date("2026-12-31T00:00:00Z"),
  };
  const owner = {
    kid: ownerKey.jwk.kid,
    couponId: input.couponId,
    ownerPartyId: input.owner,
    version: input.version,
  };
  return encodeCouponToken({
    valuePayload: valuePayload(value),
    valueSignature: signPayload(valuePayload(value), valueKey.privateKey),
    ownerPayload: ownerPayload(owner),
    ownerSignature: signPayload(ownerPayload(owner), ownerKey.privateKey),
  });
}

export type Kind =
  | "offer"
  | "claim link"
  | "part of a coupon"
  | "several coupons, a whole one"
  | "several coupons, the split part"
  | "refund from a shop";

/** A genuine offer of each kind the server makes, with what the server knows of it. */
export function genuine(
  kind: Kind,
  algorithm: TestPasskeyAlgorithm = "ES256",
): { base: TerminalBase; truth: ServerTruth } {
  const giver = new TestAuthenticator({ origin: rp.origin, rpId: rp.rpID, algorithm });
  const couponId = newId("coupon");
  const parentId = newId("coupon");
  const expiresAt = new Date("2026-11-30T10:00:00Z");
  const open = kind === "claim link";
  const claimCodeHash = open ? "a".repeat(64) : null;
  const terms = { recipientPartyId: open ? null : receiverParty, claimCodeHash, expiresAt };
  const split = kind === "part of a coupon" || kind === "several coupons, the split part";
  const version = split ? 1 : 4;
  const amountMinor = 400n;
  const operation: Operation =
    kind === "part of a coupon"
      ? givePartOperation({
          couponId: parentId,
          version: 2,
          currency: "EUR",
          giveMinor: amountMinor,
          ...terms,
        })
      : kind.startsWith("several")
        ? giveGroupOperation({
            giverPartyId: giverParty,
            currency: "EUR",
            giveMinor: 900n,
            coupons: split
              ? [
                  { couponId: newId("coupon"), version: 3, amountMinor: 500n, payMinor: 500n },
                  { couponId: parentId, version: 2, amountMinor: 1000n, payMinor: amountMinor },
                ]
              : [
                  { couponId, version, amountMinor, payMinor: amountMinor },
                  { couponId: parentId, version: 2, amountMinor: 1000n, payMinor: 500n },
                ],
            ...terms,
          })
        : offerOperation({ couponId, version, ...terms });
  const base: TerminalBase = {
    offer: {
      transferId: newId("transfer"),
      groupId: kind.startsWith("several") ? newId("transferGroup") : null,
      fromName: "Alice",
      expiresAt: expiresAt.toISOString(),
      token: token({ couponId, amountMinor, owner: giverParty, version }),
      couponId,
      couponVersion: version,
      toPartyId: terms.recipientPartyId,
      fromPartyId: giverParty,
      parentCouponId: split ? parentId : null,
      giverAssertion: kind === "refund from a shop" ? null : recordAssertion(giver, newId("user"), operation),
      shopAttestation: kind === "refund from a shop" ? shopAttestationOf(operation) : null,
    },
    jwks,
    now,
    recipient: open ? { open: true } : { partyId: receiverParty },
    rp,
    giver,
    giverUserId: newId("user"),
    otherToken: token({ couponId: newId("coupon"), amountMinor: 700n, owner: newId("party"), version: 2 }),
    otherPartyId: newId("party"),
  };
  return { base, truth: { claimCodeHash, amountMinor, currency: "EUR" } };
}

/** The issuer's signature on a shop's offer, as attestShopOffer makes it. */
function shopAttestationOf(operation: Operation) {
  const kid = ownerKey.jwk.kid;
  return { kid, signature: signPayload(shopOfferPayload(kid, operation), ownerKey.privateKey) };
}

export const kinds: Kind[] = [
  "offer",
  "claim link",
  "part of a coupon",
  "several coupons, a whole one",
  "several coupons, the split part",
  "refund from a shop",
];
