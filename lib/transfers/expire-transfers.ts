import { and, eq, isNull, lte } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import { transfers } from "@/db/schema";
import { isAppError } from "@/lib/errors";
import { expireDue } from "@/lib/jobs/expire-due";
import { expireTransferGroups } from "./close-group";
import { closePendingTransfer } from "./close-transfer";
import { lockTransferWithCoupon } from "./lock-transfer";

/**
 * Expires pending offers whose time is up (at most `batchSize` per call; run it on a schedule until it
 * returns 0). Each expiry is its own small transaction; one that lost a race to an accept or cancel is skipped.
 * A gift of several coupons expires whole (expireTransferGroups); the count is of offers and gifts.
 */
export async function expireTransfers(
  db: DbOrTx,
  now: Date = new Date(),
  options: { batchSize?: number } = {},
): Promise<{ expired: number }> {
  const groups = await expireTransferGroups(db, now, options.batchSize);
  const single = await expireSingleTransfers(db, now, options.batchSize);
  return { expired: groups.expired + single.expired };
}

function expireSingleTransfers(db: DbOrTx, now: Date, batchSize: number | undefined) {
  const due = { from: transfers, id: transfers.id, by: transfers.expiresAt };
  const where = and(
    eq(transfers.status, "pending"),
    lte(transfers.expiresAt, now),
    isNull(transfers.groupId),
  );
  return expireDue(db, batchSize, { ...due, where }, async (id) => {
    try {
      return await inTransaction(db, async (tx) => {
        const { transfer } = await lockTransferWithCoupon(tx, { transferId: id });
        if (transfer.status !== "pending" || transfer.expiresAt > now) return false;
        const actor = { partyId: null, userId: null };
        await closePendingTransfer(tx, {
          transfer,
          outcome: "expired",
          actor,
          at: now,
          restoreCoupon: true,
        });
        return true;
      });
    } catch (error) {
      if (!isAppError(error)) throw error;
      return false;
    }
  });
}
