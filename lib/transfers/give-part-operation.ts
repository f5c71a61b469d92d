import type { Operation } from "@/lib/auth/operations";

/**
 * The `transfer.give_part` operation the owner's passkey signs once to give part of a coupon: the coupon and the
 * version they saw, its currency, the part given, the recipient (a party, or "open" with the claim code's hash)
 * and the offer's expiry. The coupon is split into the gift and the rest and the gift offered in the same
 * transaction, so this one assertion is the gift's `offered` authorization. Rebuilt from stored state when the
 * assertion arrives and when the gift coupon's history is re-verified.
 */
export function givePartOperation(input: {
  couponId: string;
  version: number;
  currency: string;
  giveMinor: bigint;
  recipientPartyId: string | null;
  claimCodeHash: string | null;
  expiresAt: Date;
}): Operation {
  return {
    type: "transfer.give_part",
    couponId: input.couponId,
    version: input.version,
    currency: input.currency,
    giveMinor: input.giveMinor.toString(),
    recipient: input.recipientPartyId ?? "open",
    claimCodeHash: input.claimCodeHash,
    expiresAt: input.expiresAt.toISOString(),
  };
}

/**
 * Whether a recorded `transfer.give_part` operation authorises this offer of `coupon`: the coupon is the gift
 * split from the coupon the operation names, offered at its first version, for exactly the part, in the currency,
 * to the recipient (or claim code) and with the expiry the operation names.
 */
export function givePartCoversOffer(
  operation: Operation,
  coupon: { parentId: string | null; amountMinor: bigint; currency: string },
  transfer: {
    couponVersion: number;
    toPartyId: string | null;
    claimCodeHash: string | null;
    expiresAt: Date;
  },
): boolean {
  return (
    operation.type === "transfer.give_part" &&
    coupon.parentId !== null &&
    operation.couponId === coupon.parentId &&
    transfer.couponVersion === 1 &&
    operation.currency === coupon.currency &&
    operation.giveMinor === coupon.amountMinor.toString() &&
    operation.recipient === (transfer.toPartyId ?? "open") &&
    operation.claimCodeHash === transfer.claimCodeHash &&
    operation.expiresAt === transfer.expiresAt.toISOString()
  );
}
