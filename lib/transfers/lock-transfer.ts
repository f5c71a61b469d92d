import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { coupons, transfers } from "@/db/schema";
import type { CouponRow } from "@/lib/coupons/lock-coupon";
import { AppError } from "@/lib/errors";
import { isId } from "@/lib/ids";

export type TransferRow = typeof transfers.$inferSelect;

/**
 * Reads a transfer and locks its coupon in one round trip. The coupon row is the serialisation point of every
 * change to the coupon and its transfers, so once this returns the coupon is current; the transfer's status is
 * re-checked by the guarded update that follows.
 */
export async function lockTransferWithCoupon(
  tx: DbOrTx,
  by: { transferId: string } | { claimCodeHash: string },
): Promise<{ transfer: TransferRow; coupon: CouponRow }> {
  if ("transferId" in by && !isId("transfer", by.transferId)) {
    throw new AppError("NOT_FOUND", "No such transfer.");
  }
  const [row] = await tx
    .select({ transfer: transfers, coupon: coupons })
    .from(transfers)
    .innerJoin(coupons, eq(coupons.id, transfers.couponId))
    .where(
      "transferId" in by ? eq(transfers.id, by.transferId) : eq(transfers.claimCodeHash, by.claimCodeHash),
    )
    .for("update", { of: coupons });
  if (!row) {
    throw "transferId" in by
      ? new AppError("NOT_FOUND", "No such transfer.")
      : new AppError("CLAIM_CODE_INVALID", "This claim code is not valid.");
  }
  return row;
}
