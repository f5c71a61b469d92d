import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { coupons, transfers } from "@/db/schema";
import type { CouponRow } from "@/lib/coupons/lock-coupon";
import { AppError } from "@/lib/errors";
import { isId } from "@/lib/ids";

export type TransferRow = typeof transfers.$inferSelect;

/** Suspension status (`parties.status`) of the transfer's giver and of the party about to accept it. */
export interface TransferParties {
  fromStatus: string | null;
  acceptorStatus: string | null;
}

/**
 * Reads a transfer and locks its coupon in one round trip. The coupon row is the serialisation point of every
 * change to the coupon and its transfers, so once this returns the coupon is current; the transfer's status is
 * re-checked by the guarded update that follows. With `acceptorPartyId`, the same round trip also reads the
 * giver's and the acceptor's status for the suspension check.
 */
export async function lockTransferWithCoupon(
  tx: DbOrTx,
  by: { transferId: string } | { claimCodeHash: string },
  acceptorPartyId?: string,
): Promise<{ transfer: TransferRow; coupon: CouponRow; parties: TransferParties }> {
  if ("transferId" in by && !isId("transfer", by.transferId)) {
    throw new AppError("NOT_FOUND", "No such transfer.");
  }
  const statusOf = (partyId: unknown) =>
    sql<string | null>`(select status::text from parties where id = ${partyId})`;
  const [row] = await tx
    .select({
      transfer: transfers,
      coupon: coupons,
      fromStatus: acceptorPartyId ? statusOf(transfers.fromPartyId) : sql<null>`null`,
      acceptorStatus: acceptorPartyId ? statusOf(acceptorPartyId) : sql<null>`null`,
    })
    .from(transfers)
    .innerJoin(coupons, eq(coupons.id, transfers.couponId))
    .where(
      "transferId" in by ? eq(transfers.id, by.transferId) : eq(transfers.claimCodeHash, by.claimCodeHash),
    )
    // The transfers of an open gift share its claim code hash: take (and lock) one, in the gift's lock order.
    .orderBy(coupons.id)
    .limit(1)
    .for("update", { of: coupons });
  if (!row) {
    throw "transferId" in by
      ? new AppError("NOT_FOUND", "No such transfer.")
      : new AppError("CLAIM_CODE_INVALID", "This claim code is not valid.");
  }
  const { fromStatus, acceptorStatus, ...rest } = row;
  return { ...rest, parties: { fromStatus, acceptorStatus } };
}
