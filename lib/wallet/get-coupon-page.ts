import type { DbOrTx } from "@/db/client";
import { expireDueOffers } from "./expire-due-offers";
import { type CouponDetail, getCouponDetail } from "./get-coupon-detail";

/** A coupon as the viewer sees it (NOT_FOUND for non-parties), after lazily expiring due offers. */
export async function getCouponPage(
  db: DbOrTx,
  viewerPartyId: string,
  couponId: string,
): Promise<CouponDetail> {
  await expireDueOffers(db);
  return getCouponDetail(db, viewerPartyId, couponId);
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
  viewerPartyId: string,
  couponId: string,
): Promise<CouponLiveStatus> {
  const detail = await getCouponPage(db, viewerPartyId, couponId);
  return {
    status: detail.status,
    version: detail.version,
    ownerIsViewer: detail.viewerIsOwner,
    pendingTransferId: detail.pendingTransfer?.id ?? null,
    lastEventSeq: detail.timeline.at(-1)?.seq ?? 0,
  };
}
