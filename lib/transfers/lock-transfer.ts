import type { DbOrTx } from "@/db/client";
import { preparedQuery, tableColumns } from "@/db/prepared";
import { coupons, transfers } from "@/db/schema";
import type { CouponRow } from "@/lib/coupons/lock-coupon";
import { AppError } from "@/lib/errors";
import { isId } from "@/lib/ids";

/**
 * A transfer as the lock reads it: every column but the giver's recorded assertion (`transferor_authorization`,
 * about 1.5 kB of JSON no caller of the lock reads; the history and the offer's own readers read it).
 */
export type TransferRow = Omit<typeof transfers.$inferSelect, "transferorAuthorization">;

const transferColumns = tableColumns(transfers, "t", "t_", ["transferorAuthorization"]);
const couponColumns = tableColumns(coupons, "c", "c_");
/**
 * The transfer with its coupon, locked, and the statuses of the giver and of the acceptor ($2, or null), found by
 * transfer id or by claim code hash ($1). The transfers of an open gift share its claim code hash: take (and lock)
 * one, in the gift's lock order (coupon id).
 */
const lockStatement = (where: string) => `
  select ${transferColumns.list}, ${couponColumns.list},
    (select status::text from parties where id = t.from_party_id) as from_status,
    (select status::text from parties where id = $2::text) as acceptor_status
  from transfers t join coupons c on c.id = t.coupon_id
  where ${where}
  order by c.id limit 1
  for update of c`;
const lockById = lockStatement("t.id = $1");
const lockByClaimCode = lockStatement("t.claim_code_hash = $1");

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
  const rows = await preparedQuery(tx, "transferId" in by ? lockById : lockByClaimCode, [
    "transferId" in by ? by.transferId : by.claimCodeHash,
    acceptorPartyId ?? null,
  ]);
  const row = rows[0];
  if (!row) {
    throw "transferId" in by
      ? new AppError("NOT_FOUND", "No such transfer.")
      : new AppError("CLAIM_CODE_INVALID", "This claim code is not valid.");
  }
  return {
    transfer: transferColumns.read(row),
    coupon: couponColumns.read(row),
    parties: {
      fromStatus: (row.from_status as string | null) ?? null,
      acceptorStatus: (row.acceptor_status as string | null) ?? null,
    },
  };
}
