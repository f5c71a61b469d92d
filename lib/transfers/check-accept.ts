import { assertTransferPending, nextCouponStatus } from "@/lib/coupons/coupon-transitions";
import { assertNotExpired, type CouponRow } from "@/lib/coupons/lock-coupon";
import { AppError } from "@/lib/errors";
import { refuseIfSuspended } from "@/lib/parties/suspension";
import type { TransferParties, TransferRow } from "./lock-transfer";

function assertMayAccept(transfer: TransferRow, partyId: string, byClaimCode: boolean, now: Date): void {
  if (transfer.fromPartyId === partyId) {
    throw new AppError("NOT_RECIPIENT", "You cannot accept your own offer; cancel it instead.");
  }
  if (byClaimCode ? transfer.toPartyId !== null : transfer.toPartyId !== partyId) {
    throw new AppError("NOT_RECIPIENT", "This coupon was not offered to you.");
  }
  assertTransferPending(transfer.status);
  if (transfer.expiresAt <= now) throw new AppError("TRANSFER_EXPIRED", "This offer has expired.");
}

/** Refuses to take one coupon of a gift of several on its own: the gift is accepted or declined whole. */
export function assertNotInGift(transfer: Pick<TransferRow, "groupId">): void {
  if (transfer.groupId !== null) {
    throw new AppError(
      "CONFLICT",
      "This coupon is part of a gift of several coupons; answer the whole gift.",
    );
  }
}

/**
 * The rules of an owner change, checked on the locked transfer and coupon (lockTransferWithCoupon): the acceptor
 * is the named recipient (or holds the claim code) and not the giver, the offer is pending and unexpired, neither
 * party is suspended, and the coupon is still offered at the version the giver authorised and unexpired. One
 * accept (acceptTransfer) and a shop's batch of plain offers (acceptShopOffers) refuse alike, with the same words.
 */
export function assertAcceptable(
  locked: { transfer: TransferRow; coupon: CouponRow; parties: TransferParties },
  acceptorPartyId: string,
  byClaimCode: boolean,
  now: Date,
): void {
  const { transfer, coupon, parties } = locked;
  assertMayAccept(transfer, acceptorPartyId, byClaimCode, now);
  assertNotInGift(transfer);
  // The owner change is where value arrives and leaves: a suspended recipient or giver stops it here.
  refuseIfSuspended(parties.acceptorStatus, "receive");
  refuseIfSuspended(parties.fromStatus, "moveOut");
  nextCouponStatus(coupon.status, "accept");
  if (coupon.version !== transfer.couponVersion) {
    throw new AppError("VERSION_CONFLICT", "This coupon changed since it was offered.");
  }
  assertNotExpired(coupon, now);
}
