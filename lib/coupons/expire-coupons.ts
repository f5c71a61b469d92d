import { and, asc, inArray, lte } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import { coupons } from "@/db/schema";
import { closeOfferOf } from "@/lib/transfers/close-transfer";
import { lockCouponOrThrow } from "./lock-coupon";
import { moveCoupon } from "./move-coupon";

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
        await closeOfferOf(tx, coupon.id, {
          outcome: "expired",
          actor: system,
          at: now,
          restoreCoupon: false,
        });
      }
      await moveCoupon(tx, coupon, "expired", { kind: "expired", by: system, at: now });
      expired += 1;
    });
  }
  return { expired };
}
