import { expect } from "vitest";
import { canonicalJson } from "../../lib/auth/canonical-json";
import type { Operation } from "../../lib/auth/operations";
import { type PasskeyAuthorization, verifyRecordedAuthorization } from "../../lib/auth/passkey-authorization";
import { shopOfferAttestationValid } from "../../lib/coupons/attest-shop-offer";
import { offerOperation } from "../../lib/coupons/operations";
import { verifyCouponToken } from "../../lib/coupons/verify-coupon-token";
import { type IssuerPublicKey, publicKeyObject } from "../../lib/keys/key-ring";
import { verifyCouponInTerminal, verifyOfferInTerminal } from "../../lib/terminal/verify-terminal";
import { giveGroupCoversOffer } from "../../lib/transfers/gift-operations";
import { givePartCoversOffer } from "../../lib/transfers/give-part-operation";
import type { TerminalVector } from "./terminal-vectors";

/** What the server knows of an offer and the terminal does not: the transfer's claim code hash and the coupon row. */
export interface ServerTruth {
  claimCodeHash: string | null;
  amountMinor: bigint;
  currency: string;
}

/** The server's key lookup over a JWKS, as loadIssuerKeys would build it from the same keys. */
function lookupOf(jwks: TerminalVector["jwks"]): Map<string, IssuerPublicKey> {
  const keys = Array.isArray(jwks.keys) ? jwks.keys : [];
  return new Map(
    keys.map((key) => [
      key.kid,
      {
        ...key,
        purpose: key.purpose as IssuerPublicKey["purpose"],
        status: "active",
        key: publicKeyObject(key.kid, key.x),
      },
    ]),
  );
}

/** The server's rule for whether a recorded operation authorises the offer (lib/events/check-history-event.ts). */
function serverCovers(operation: Operation, vector: TerminalVector, truth: ServerTruth): boolean {
  const { offer } = vector;
  const expiresAt = new Date(offer.expiresAt);
  if (Number.isNaN(expiresAt.getTime())) return false;
  const transfer = { ...offer, claimCodeHash: truth.claimCodeHash, expiresAt };
  // The offer's fields stand for the server's rows (a vector that changes them changes what the server would read).
  const coupon = { id: offer.couponId, parentId: offer.parentCouponId, ...truth };
  if (operation.type === "transfer.give_part") return givePartCoversOffer(operation, coupon, transfer);
  if (operation.type === "transfer.give_group") return giveGroupCoversOffer(operation, coupon, transfer);
  const expected = offerOperation({
    couponId: offer.couponId,
    version: offer.couponVersion,
    recipientPartyId: offer.toPartyId,
    claimCodeHash: truth.claimCodeHash,
    expiresAt,
  });
  return canonicalJson(operation) === canonicalJson(expected);
}

/** The `transfer.offer` the server rebuilds from its transfer row to check a shop's offer (check-history-event.ts). */
function shopOffer(vector: TerminalVector, truth: ServerTruth): Operation | undefined {
  const { offer } = vector;
  if (Number.isNaN(Date.parse(offer.expiresAt))) return undefined;
  return offerOperation({
    couponId: offer.couponId,
    version: offer.couponVersion,
    recipientPartyId: offer.toPartyId,
    claimCodeHash: truth.claimCodeHash,
    expiresAt: new Date(offer.expiresAt),
  });
}

/**
 * Runs the terminal verifier and the server's verifiers (verifyCouponToken, verifyRecordedAuthorization and the
 * history check's coverage rules) over one vector and requires the same verdicts: the token's status and parts,
 * whether the passkey assertion is genuine, and whether the offer may be accepted.
 */
export async function expectTerminalMatchesServer(vector: TerminalVector, truth: ServerTruth): Promise<void> {
  const { offer, jwks, now, rp, recipient } = vector;
  const verdict = await verifyOfferInTerminal(offer, jwks, now, recipient, rp);
  const failing = verdict.checks.filter((check) => !check.ok).map((check) => check.name);
  expect(failing.sort(), vector.name).toEqual([...vector.failing].sort());
  expect(verdict.ok, vector.name).toBe(vector.failing.length === 0);
  if (vector.failing.includes("offer")) return;

  const token = verifyCouponToken(offer.token, { keys: lookupOf(jwks), now });
  expect(await verifyCouponInTerminal(offer.token, jwks, now), vector.name).toEqual(token);

  const recorded = offer.giverAssertion as PasskeyAuthorization | null;
  const atSite = { ...recorded, origin: rp.origin, rpID: rp.rpID } as PasskeyAuthorization;
  const shop = offer.shopAttestation != null;
  const rebuilt = shopOffer(vector, truth);
  const genuine = shop
    ? rebuilt !== undefined && shopOfferAttestationValid(lookupOf(jwks), offer.shopAttestation, rebuilt)
    : await verifyRecordedAuthorization(atSite, recorded?.operation as Operation);
  expect(verdict.checks.find((check) => check.name === "giver_assertion")?.ok, vector.name).toBe(genuine);

  const coupon = token.coupon;
  const ownerNamed =
    coupon?.value.couponId === offer.couponId &&
    coupon.owner.ownerPartyId === offer.fromPartyId &&
    coupon.owner.version === offer.couponVersion;
  const forMe = "partyId" in recipient ? offer.toPartyId === recipient.partyId : offer.toPartyId === null;
  const covers = genuine && (shop || serverCovers(recorded?.operation as Operation, vector, truth));
  const serverOk =
    token.status === "valid" && ownerNamed && covers && forMe && now < new Date(offer.expiresAt);
  expect(verdict.ok, vector.name).toBe(serverOk);
}
