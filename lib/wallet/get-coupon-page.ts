import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { type CouponDetail, getCouponDetail } from "./get-coupon-detail";
import { walletPartyOf } from "./wallet-party";

/**
 * A coupon as the acting person sees it at `now` (NOT_FOUND for people it does not concern): an offer past its
 * expiry is over even before the expire-transfers job has closed it. Reads only.
 */
export async function getCouponPage(
  db: DbOrTx,
  actor: Actor,
  input: { couponId: string },
  now = new Date(),
): Promise<CouponDetail> {
  return getCouponDetail(db, walletPartyOf(actor, "coupons.hold"), input.couponId, now);
}

export interface CouponLiveStatus {
  status: string;
  version: number;
  ownerIsViewer: boolean;
  pendingTransferId: string | null;
  /** Sequence number of the newest event: a change means the page should refresh. */
  lastEventSeq: number;
}

/** The small, pollable state of a coupon for its giver's live view ("accepted" appears without a reload). */
export async function getCouponLiveStatus(
  db: DbOrTx,
  actor: Actor,
  input: { couponId: string },
): Promise<CouponLiveStatus> {
  const detail = await getCouponPage(db, actor, input);
  return {
    status: detail.status,
    version: detail.version,
    ownerIsViewer: detail.viewerIsOwner,
    pendingTransferId: detail.pendingTransfer?.id ?? null,
    lastEventSeq: detail.timeline.at(-1)?.seq ?? 0,
  };
}
