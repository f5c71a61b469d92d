import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import { coupons, transfers } from "@/db/schema";
import { appendCouponEvent } from "@/lib/events/append-coupon-event";
import { closePendingTransfer } from "@/lib/transfers/close-transfer";
import { lockCouponOrThrow } from "./lock-coupon";

export const couponExpiryBatchSizeMax = 500;

/**
 * Marks coupons past their term of validity `expired` (at most `batchSize` per call; run on a schedule until it
 * returns 0). A pending offer on one is expired with it. Funded expired coupons can still be converted.
 */
export async function expireCoupons(
  db: DbOrTx,
  now: Date = new Date(),
  options: { batchSize?: number } = {},
): Promise<{ expired: number }> {
  const batchSize = Math.min(Math.max(1, options.batchSize ?? 100), couponExpiryBatchSizeMax);
  const due = await db
    .select({ id: coupons.id })
    .from(coupons)
    .where(and(inArray(coupons.status, ["active", "offered"]), lte(coupons.expiresAt, now)))
    .orderBy(asc(coupons.expiresAt))
    .limit(batchSize);
  let expired = 0;
  for (const { id } of due) {
    await inTransaction(db, async (tx) => {
      const coupon = await lockCouponOrThrow(tx, id);
      if ((coupon.status !== "active" && coupon.status !== "offered") || coupon.expiresAt > now) return;
      const system = { partyId: null, userId: null };
      if (coupon.status === "offered") {
        const [pending] = await tx
          .select()
          .from(transfers)
          .where(and(eq(transfers.couponId, coupon.id), eq(transfers.status, "pending")));
        if (pending) {
          await closePendingTransfer(tx, {
            transfer: pending,
            outcome: "expired",
            actor: system,
            at: now,
            restoreCoupon: false,
          });
        }
      }
      await tx
        .update(coupons)
        .set({ status: "expired", updatedAt: sql`now()` })
        .where(and(eq(coupons.id, coupon.id), eq(coupons.status, coupon.status)));
      await appendCouponEvent(tx, {
        couponId: coupon.id,
        kind: "expired",
        actorPartyId: null,
        actorUserId: null,
        fromPartyId: coupon.ownerPartyId,
        toPartyId: null,
        version: coupon.version,
        transferId: null,
        data: {},
        at: now,
      });
      expired += 1;
    });
  }
  return { expired };
}
