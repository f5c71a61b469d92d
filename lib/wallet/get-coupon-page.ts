import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { type CouponDetail, elsewhereStatus, getCouponDetail } from "./get-coupon-detail";
import { type CouponLinks, getCouponLinks } from "./get-coupon-links";
import { walletPartyOf } from "./wallet-party";

/**
 * The coupon as it stands at `now`: an offer past its expiry is over even before the expire-transfers job has
 * closed it, so its giver sees the coupon back in their wallet and its recipient no longer sees it as theirs to
 * accept. Pure, so a page shows the truth without writing.
 */
export function asOfNow(detail: CouponDetail, now: Date): CouponDetail {
  const pending = detail.pendingTransfer;
  if (!pending || pending.expiresAt > now) return detail;
  const status = detail.viewerIsOwner
    ? detail.status === "offered"
      ? "active"
      : detail.status
    : elsewhereStatus;
  return { ...detail, status, pendingTransfer: null };
}

/** A coupon as its page shows it: the detail and timeline, and its links to purchases and split pieces. */
export type CouponPage = CouponDetail & { links: CouponLinks };

/** The coupon as the acting person sees it at `now` (NOT_FOUND for people it does not concern). */
async function readCoupon(db: DbOrTx, actor: Actor, couponId: string, now: Date) {
  const viewer = walletPartyOf(actor, "coupons.hold");
  return { viewer, detail: asOfNow(await getCouponDetail(db, viewer, couponId), now) };
}

/**
 * A coupon's page for the acting person (NOT_FOUND for people it does not concern), with its links; a refund
 * is named only while its offer to the viewer is still open. Reads only.
 */
export async function getCouponPage(
  db: DbOrTx,
  actor: Actor,
  input: { couponId: string },
  now = new Date(),
): Promise<CouponPage> {
  const { viewer, detail } = await readCoupon(db, actor, input.couponId, now);
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

/** The small, pollable state of a coupon for its giver's live view ("accepted" appears without a reload). */
export async function getCouponLiveStatus(
  db: DbOrTx,
  actor: Actor,
  input: { couponId: string },
): Promise<CouponLiveStatus> {
  const { detail } = await readCoupon(db, actor, input.couponId, new Date());
  return {
    status: detail.status,
    version: detail.version,
    ownerIsViewer: detail.viewerIsOwner,
    pendingTransferId: detail.pendingTransfer?.id ?? null,
    lastEventSeq: detail.timeline.at(-1)?.seq ?? 0,
  };
}
