import { and, inArray, lte } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import { coupons } from "@/db/schema";
import { expireDue } from "@/lib/jobs/expire-due";
import { closeOfferOf } from "@/lib/transfers/close-transfer";
import { lockCouponOrThrow } from "./lock-coupon";
import { moveCoupon } from "./move-coupon";

/**
 * Marks coupons past their term of validity `expired` (at most `batchSize` per call; run on a schedule until it
 * returns 0). A pending offer on one is expired with it. Funded expired coupons can still be converted.
 */
export function expireCoupons(
  db: DbOrTx,
  now: Date = new Date(),
  options: { batchSize?: number } = {},
): Promise<{ expired: number }> {
  const where = and(inArray(coupons.status, ["active", "offered"]), lte(coupons.expiresAt, now));
  const due = { from: coupons, id: coupons.id, where, by: coupons.expiresAt };
  return expireDue(db, options.batchSize, due, (id) =>
    inTransaction(db, async (tx) => {
      const coupon = await lockCouponOrThrow(tx, id);
      if ((coupon.status !== "active" && coupon.status !== "offered") || coupon.expiresAt > now) return false;
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
      return true;
    }),
  );
}
