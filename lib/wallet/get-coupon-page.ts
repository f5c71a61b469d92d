import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { type CouponDetail, getCouponDetail } from "./get-coupon-detail";
import { type CouponLinks, getCouponLinks } from "./get-coupon-links";
import { walletPartyOf } from "./wallet-party";

/** A coupon as its page shows it: the detail and timeline, and its links to purchases and split pieces. */
export type CouponPage = CouponDetail & { links: CouponLinks };

/**
 * A coupon's page for the acting person at `now` (NOT_FOUND for people it does not concern), with its links: an
 * offer past its expiry is over even before the expire-transfers job has closed it, and a refund is named only
 * while its offer to the viewer is still open. Reads only.
 */
export async function getCouponPage(
  db: DbOrTx,
  actor: Actor,
  input: { couponId: string },
  now = new Date(),
): Promise<CouponPage> {
  const viewer = walletPartyOf(actor, "coupons.hold");
  const detail = await getCouponDetail(db, viewer, input.couponId, now);
  const links = await getCouponLinks(db, viewer, detail.id);
  const offeredToViewer = detail.pendingTransfer !== null && !detail.pendingTransfer.fromViewer;
  return { ...detail, links: { ...links, refundOf: offeredToViewer ? links.refundOf : null } };
}

export interface CouponLiveStatus {
  status: string;
  version: number;
  ownerIsViewer: boolean;
  pendingTransferId: string | null;
  /** Sequence number of the newest event: a change means the page should refresh. */
  lastEventSeq: number;
}

/**
 * The small, pollable state of a coupon for its giver's live view ("accepted" appears without a reload); it
 * skips the page's links.
 */
export async function getCouponLiveStatus(
  db: DbOrTx,
  actor: Actor,
  input: { couponId: string },
): Promise<CouponLiveStatus> {
  const detail = await getCouponDetail(db, walletPartyOf(actor, "coupons.hold"), input.couponId, new Date());
  return {
    status: detail.status,
    version: detail.version,
    ownerIsViewer: detail.viewerIsOwner,
    pendingTransferId: detail.pendingTransfer?.id ?? null,
    lastEventSeq: detail.timeline.at(-1)?.seq ?? 0,
  };
}
