import { asc, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { coupons } from "@/db/schema";
import type { CouponRow } from "@/lib/coupons/lock-coupon";
import { AppError } from "@/lib/errors";
import { isId } from "@/lib/ids";
import { maxCouponsPerPayment } from "./plan-coupon-payment";

/**
 * Reads the chosen coupons by id; with `lock`, locks them in id order (so two payments sharing coupons never
 * deadlock). Returns them by id; ids that are malformed or unknown are simply missing (the plan refuses them).
 */
export async function readPaymentCoupons(
  db: DbOrTx,
  couponIds: readonly unknown[],
  options: { lock: boolean },
): Promise<{ ids: string[]; byId: Map<string, CouponRow> }> {
  if (!Array.isArray(couponIds) || couponIds.length > maxCouponsPerPayment) {
    throw new AppError("VALIDATION_FAILED", `Pay with 1 to ${maxCouponsPerPayment} coupons.`);
  }
  const ids = couponIds.map((id) => (typeof id === "string" ? id.slice(0, 80) : ""));
  const valid = [...new Set(ids.filter((id) => isId("coupon", id)))].sort();
  if (valid.length === 0) return { ids, byId: new Map() };
  const query = db.select().from(coupons).where(inArray(coupons.id, valid)).orderBy(asc(coupons.id));
  const rows = options.lock ? await query.for("update") : await query;
  return { ids, byId: new Map(rows.map((row) => [row.id, row])) };
}
