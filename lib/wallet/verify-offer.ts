import type { DbOrTx } from "@/db/client";
import { limitAttempt } from "@/lib/auth/rate-limits";
import { checkCoupon } from "@/lib/coupons/check-coupon";
import { couponTokenOf } from "@/lib/coupons/get-coupon-token";
import { hashClaimCode, parseClaimCode } from "@/lib/transfers/claim-code";
import { readGroup } from "@/lib/transfers/lock-group";
import { findOfferForRecipientOrThrow } from "./find-offer";

export interface OfferVerification {
  transferId: string;
  /** A gift of several coupons: its group; `amountMinor` and `offerStatus` are then the whole gift's. */
  groupId: string | null;
  couponId: string;
  amountMinor: bigint;
  currency: string;
  fromName: string;
  expiresAt: Date;
  couponExpiresAt: Date;
  /** pending, accepted, declined, cancelled or expired. */
  offerStatus: string;
  open: boolean;
  /** The coupon's signatures check out against the issuer's published keys. */
  genuine: boolean;
  /** The token is the current one, the coupon usable, and this very offer is its pending transfer. */
  current: boolean;
}

/**
 * "The transferee asks the server to verify": checks the offered coupon's current token offline (signatures,
 * expiry) and live (owner, version, the pending transfer being this offer) — for a gift, every coupon of it. Only the named recipient may
 * verify a directed offer; an open offer is found by its claim code, counted per client address and account.
 */
export async function verifyOffer(
  db: DbOrTx,
  input: { partyId: string | null; ip: string | null; transferId?: string; claimCode?: string },
): Promise<OfferVerification> {
  let by: { transferId: string } | { claimCodeHash: string };
  if (input.claimCode !== undefined) {
    await limitAttempt(db, "claim.code", { ip: input.ip, accountId: input.partyId });
    by = { claimCodeHash: hashClaimCode(parseClaimCode(input.claimCode)) };
  } else {
    by = { transferId: String(input.transferId) };
  }
  const { transfer, coupon, fromName } = await findOfferForRecipientOrThrow(db, input.partyId, by);
  const gift = transfer.groupId ? await readGroup(db, { groupId: transfer.groupId }, { lock: false }) : null;
  // A gift of several coupons is verified whole: every coupon's token, each with its own pending transfer.
  const offered = gift ? gift.items : [{ transfer, coupon }];
  const checks = await Promise.all(
    offered.map(async (item) => ({ item, check: await checkCoupon(db, couponTokenOf(item.coupon)) })),
  );
  return {
    transferId: transfer.id,
    groupId: transfer.groupId,
    couponId: coupon.id,
    amountMinor: gift?.group.amountMinor ?? coupon.amountMinor,
    currency: coupon.currency,
    fromName,
    expiresAt: transfer.expiresAt,
    couponExpiresAt: coupon.expiresAt,
    offerStatus:
      transfer.status === "pending" && transfer.expiresAt <= new Date()
        ? "expired"
        : (gift?.group.status ?? transfer.status),
    open: transfer.toPartyId === null,
    genuine: checks.every(({ check }) => check.offline.status === "valid"),
    current: checks.every(({ item, check }) =>
      Boolean(
        check.live?.current &&
          check.live.pendingTransfer?.id === item.transfer.id &&
          item.transfer.expiresAt > new Date(),
      ),
    ),
  };
}
