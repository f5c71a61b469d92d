import type { Operation } from "@/lib/auth/operations";

/**
 * The operations a passkey assertion authorises for coupons and transfers. Each is rebuilt from stored state
 * when the assertion is verified and again when a coupon's history is re-checked, so every field here is
 * something the server knows independently of the client. Money is a decimal string of minor units.
 */

/** Issue: commits to the reserved coupon id, the owner party (the requester) and version 1. */
export function issueOperation(input: {
  couponId: string;
  partyId: string;
  amountMinor: bigint;
  currency: string;
  expiresInDays: number;
}): Operation {
  return {
    type: "coupon.issue",
    couponId: input.couponId,
    partyId: input.partyId,
    owner: input.partyId,
    version: 1,
    amountMinor: input.amountMinor.toString(),
    currency: input.currency,
    expiresInDays: input.expiresInDays,
  };
}

/** Offer: commits to coupon, version, recipient (a party, or "open" with the claim code's hash) and expiry. */
export function offerOperation(input: {
  couponId: string;
  version: number;
  recipientPartyId: string | null;
  claimCodeHash: string | null;
  expiresAt: Date;
}): Operation {
  return {
    type: "transfer.offer",
    couponId: input.couponId,
    version: input.version,
    recipient: input.recipientPartyId ?? "open",
    claimCodeHash: input.claimCodeHash,
    expiresAt: input.expiresAt.toISOString(),
  };
}

/** Accept: the new owner's binding (coupon, owner, version) for one transfer; it becomes the owner part. */
export function acceptOperation(input: {
  transferId: string;
  couponId: string;
  ownerPartyId: string;
  version: number;
}): Operation {
  return {
    type: "transfer.accept",
    transferId: input.transferId,
    couponId: input.couponId,
    owner: input.ownerPartyId,
    version: input.version,
  };
}

/** Convert: the holder turns the coupon's value into money. */
export function convertOperation(input: {
  couponId: string;
  version: number;
  amountMinor: bigint;
  currency: string;
}): Operation {
  return {
    type: "coupon.convert",
    couponId: input.couponId,
    version: input.version,
    amountMinor: input.amountMinor.toString(),
    currency: input.currency,
  };
}

/** Reveal: showing the token (a bearer-looking QR code) needs a fresh confirmation by the owner. */
export function revealOperation(input: { couponId: string; version: number }): Operation {
  return { type: "coupon.reveal", couponId: input.couponId, version: input.version };
}
