import { canonicalJson } from "@/lib/auth/canonical-json";
import type { Operation } from "@/lib/auth/operations";
import { offerOperation } from "@/lib/coupons/operations";
import { giveGroupCoversOffer } from "@/lib/transfers/gift-operations";
import { givePartCoversOffer } from "@/lib/transfers/give-part-operation";
import type { TerminalIncomingOffer } from "./terminal-types";

/**
 * Whether the operation the giver's passkey signed authorises exactly this offer, with the rules the server's
 * history check uses (lib/events/check-history-event.ts): a `transfer.offer` of this coupon at this version to
 * this recipient until this expiry, or the gift operations (`transfer.give_part`, `transfer.give_group`) that
 * cover it, for the coupon a given part was split from (`parentCouponId`). An open offer's claim code hash is taken
 * from the signed operation: only the claim code's holder could check it.
 */
export function offerCovered(
  operation: Operation,
  offer: TerminalIncomingOffer,
  coupon: { amountMinor: bigint; currency: string } | undefined,
): boolean {
  const expiresAt = new Date(offer.expiresAt);
  if (Number.isNaN(expiresAt.getTime())) return false;
  const claimCodeHash =
    offer.toPartyId === null && typeof operation.claimCodeHash === "string" ? operation.claimCodeHash : null;
  const transfer = {
    couponVersion: offer.couponVersion,
    fromPartyId: offer.fromPartyId,
    toPartyId: offer.toPartyId,
    claimCodeHash,
    expiresAt,
  };
  if (operation.type === "transfer.offer") {
    const expected = offerOperation({
      couponId: offer.couponId,
      version: offer.couponVersion,
      recipientPartyId: offer.toPartyId,
      claimCodeHash,
      expiresAt,
    });
    return canonicalJson(operation) === canonicalJson(expected);
  }
  // A gift names the amount given, so it is checked against the coupon's signed value.
  if (!coupon) return false;
  if (operation.type === "transfer.give_part") {
    return givePartCoversOffer(operation, { parentId: offer.parentCouponId ?? null, ...coupon }, transfer);
  }
  if (operation.type === "campaign.create") {
    // A sponsored campaign (#19): its sponsor's coupons of this value, first offered as the campaign said
    // (claim codes are open offers, a list's are offers to a person).
    return (
      operation.sponsor === offer.fromPartyId &&
      offer.couponVersion === 1 &&
      operation.amountMinor === coupon.amountMinor.toString() &&
      operation.currency === coupon.currency &&
      (operation.kind === "claim_codes") === (offer.toPartyId === null)
    );
  }
  if (operation.type === "transfer.give_group") {
    const gift = { id: offer.couponId, parentId: offer.parentCouponId ?? null, ...coupon };
    return giveGroupCoversOffer(operation, gift, transfer);
  }
  return false;
}
