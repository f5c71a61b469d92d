import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { coupons } from "@/db/schema";
import type { CouponRow } from "@/lib/coupons/lock-coupon";
import { AppError } from "@/lib/errors";
import { isId } from "@/lib/ids";

/** The coupon if `partyId` owns it now; anyone else is told it does not exist (ids cannot be probed). */
export async function readOwnedCouponOrThrow(
  db: DbOrTx,
  partyId: string,
  couponId: unknown,
): Promise<CouponRow> {
  if (!isId("coupon", couponId)) throw new AppError("NOT_FOUND", "No such coupon in your wallet.");
  const [row] = await db.select().from(coupons).where(eq(coupons.id, couponId));
  if (!row || row.ownerPartyId !== partyId) throw new AppError("NOT_FOUND", "No such coupon in your wallet.");
  return row;
}
