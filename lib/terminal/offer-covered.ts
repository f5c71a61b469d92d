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
 * cover it. An open offer's claim code hash is taken from the signed operation (only the claim code's holder could
 * check it), and so is the coupon a given part was split from when the offer does not say (`parentCouponId`).
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
    const named = typeof operation.couponId === "string" ? operation.couponId : null;
    const parentId = offer.parentCouponId === undefined ? named : offer.parentCouponId;
    return givePartCoversOffer(operation, { parentId, ...coupon }, transfer);
  }
  if (operation.type === "transfer.give_group") {
    // Only the last coupon of a gift may be split; its gift part is offered at version 1 under its own id.
    const entries = Array.isArray(operation.coupons) ? operation.coupons : [];
    const last = entries.at(-1);
    const split =
      last && typeof last === "object" && !Array.isArray(last) && last.payMinor !== last.amountMinor;
    const named = split && typeof last.couponId === "string" ? [last.couponId] : [];
    const parents = offer.parentCouponId === undefined ? [null, ...named] : [offer.parentCouponId];
    return parents.some((parentId) =>
      giveGroupCoversOffer(operation, { id: offer.couponId, parentId, ...coupon }, transfer),
    );
  }
  return false;
}
