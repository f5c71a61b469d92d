import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { type CouponDetail, elsewhereStatus, getCouponDetail } from "./get-coupon-detail";
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

/** A coupon as the acting person sees it (NOT_FOUND for people it does not concern). Reads only. */
export async function getCouponPage(
  db: DbOrTx,
  actor: Actor,
  input: { couponId: string },
  now = new Date(),
): Promise<CouponDetail> {
  const detail = await getCouponDetail(db, walletPartyOf(actor, "coupons.hold"), input.couponId);
  return asOfNow(detail, now);
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
