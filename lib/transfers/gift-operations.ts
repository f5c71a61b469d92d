import type { Operation } from "@/lib/auth/operations";
import { type PlannedCoupon, plannedEntryFor } from "@/lib/checkout/checkout-operation";

/**
 * The `transfer.give_group` operation the giver's passkey signs once to give an amount from several coupons:
 * the giver, the currency and amount, every coupon with the version they saw and the part it gives (the last
 * one may be split, its rest staying with the giver), the recipient (a party, or "open" with the claim code's
 * hash) and the expiry. Rebuilt from stored state when the assertion arrives and when a gift coupon's history is
 * re-verified.
 */
export function giveGroupOperation(input: {
  giverPartyId: string;
  currency: string;
  giveMinor: bigint;
  coupons: PlannedCoupon[];
  recipientPartyId: string | null;
  claimCodeHash: string | null;
  expiresAt: Date;
}): Operation {
  return {
    type: "transfer.give_group",
    giver: input.giverPartyId,
    currency: input.currency,
    giveMinor: input.giveMinor.toString(),
    coupons: input.coupons.map((coupon) => ({
      couponId: coupon.couponId,
      version: coupon.version,
      amountMinor: coupon.amountMinor.toString(),
      payMinor: coupon.payMinor.toString(),
    })),
    recipient: input.recipientPartyId ?? "open",
    claimCodeHash: input.claimCodeHash,
    expiresAt: input.expiresAt.toISOString(),
  };
}

/**
 * Whether a recorded `transfer.give_group` operation authorises this offer of `coupon` by `giverPartyId`: the
 * coupon (or the parent it was split from) is one the operation names, for exactly its part, offered to the
 * recipient (or claim code) and with the expiry the operation names.
 */
export function giveGroupCoversOffer(
  operation: Operation,
  coupon: { id: string; parentId: string | null; amountMinor: bigint; currency: string },
  transfer: {
    couponVersion: number;
    fromPartyId: string;
    toPartyId: string | null;
    claimCodeHash: string | null;
    expiresAt: Date;
  },
): boolean {
  return (
    operation.type === "transfer.give_group" &&
    operation.giver === transfer.fromPartyId &&
    operation.currency === coupon.currency &&
    operation.recipient === (transfer.toPartyId ?? "open") &&
    operation.claimCodeHash === transfer.claimCodeHash &&
    operation.expiresAt === transfer.expiresAt.toISOString() &&
    plannedEntryFor(operation, coupon, transfer.couponVersion)
  );
}

/** One transfer of a gift as the receiver's accept names it: the coupon and the version it gets. */
export interface AcceptedPart {
  transferId: string;
  couponId: string;
  version: number;
}

/**
 * The `transfer.accept_group` operation the receiver's passkey signs once to accept every coupon of a gift:
 * the group, the new owner and each transfer with its coupon and the coupon's next version. Each coupon's
 * `accepted` event records this assertion as its new owner part.
 */
export function acceptGroupOperation(input: {
  groupId: string;
  ownerPartyId: string;
  parts: AcceptedPart[];
}): Operation {
  return {
    type: "transfer.accept_group",
    groupId: input.groupId,
    owner: input.ownerPartyId,
    transfers: input.parts.map((part) => ({ ...part })),
  };
}

/** Whether a recorded `transfer.accept_group` operation makes `ownerPartyId` the owner of this coupon version. */
export function acceptGroupCovers(
  operation: Operation,
  accepted: { transferId: string; couponId: string; ownerPartyId: string; version: number },
): boolean {
  if (operation.type !== "transfer.accept_group" || operation.owner !== accepted.ownerPartyId) return false;
  const parts = Array.isArray(operation.transfers) ? operation.transfers : [];
  return parts.some(
    (part) =>
      part !== null &&
      typeof part === "object" &&
      !Array.isArray(part) &&
      part.transferId === accepted.transferId &&
      part.couponId === accepted.couponId &&
      part.version === accepted.version,
  );
}
