import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import { coupons } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { appendCouponEvent } from "@/lib/events/append-coupon-event";
import { closeOfferOf } from "@/lib/transfers/close-transfer";
import { convertLockedCoupon } from "./convert-coupon";
import { nextCouponStatus } from "./coupon-transitions";
import { lockCouponOrThrow } from "./lock-coupon";

/**
 * Admin only (`coupons.revoke`, with a reason): takes a coupon out of circulation. A pending offer is
 * cancelled, and a funded, unconverted coupon is first converted to its holder so nobody loses value. Audited.
 */
export async function revokeCoupon(
  db: DbOrTx,
  actor: Actor,
  input: { couponId: string; reason: string },
): Promise<{ couponId: string; convertedPostingId: string | null }> {
  requirePermission(actor, "coupons.revoke");
  const reason = typeof input.reason === "string" ? input.reason.trim() : "";
  if (reason.length < 1 || reason.length > 500) {
    throw new AppError("VALIDATION_FAILED", "Give a reason (up to 500 characters).");
  }
  const who = {
    partyId: actor.kind === "system" ? null : actor.partyId,
    userId: actor.kind === "system" ? null : (actor.userId ?? null),
  };
  const now = new Date();
  return inTransaction(db, async (tx) => {
    let coupon = await lockCouponOrThrow(tx, input.couponId);
    nextCouponStatus(coupon.status, "revoke");
    if (coupon.status === "offered") {
      await closeOfferOf(tx, coupon.id, {
        outcome: "cancelled",
        actor: who,
        at: now,
        restoreCoupon: true,
        reason,
      });
      coupon = { ...coupon, status: "active" };
    }
    let convertedPostingId: string | null = null;
    if (coupon.funded) {
      convertedPostingId = await convertLockedCoupon(tx, coupon, {
        actor: who,
        authorization: null,
        at: now,
        reason,
      });
    }
    await tx
      .update(coupons)
      .set({ status: "revoked", updatedAt: sql`now()` })
      .where(eq(coupons.id, coupon.id));
    await appendCouponEvent(tx, {
      couponId: coupon.id,
      kind: "revoked",
      actorPartyId: who.partyId,
      actorUserId: who.userId,
      fromPartyId: coupon.ownerPartyId,
      toPartyId: null,
      version: coupon.version,
      transferId: null,
      data: { reason, convertedPostingId },
      at: now,
    });
    await recordAuditEvent(tx, {
      action: "coupon.revoked",
      actor,
      targetType: "coupon",
      targetId: coupon.id,
      reason,
      data: { convertedPostingId },
    });
    return { couponId: coupon.id, convertedPostingId };
  });
}
