import { and, asc, eq, lte } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import { transfers } from "@/db/schema";
import { isAppError } from "@/lib/errors";
import { closePendingTransfer } from "./close-transfer";
import { lockTransferWithCoupon } from "./lock-transfer";

export const expiryBatchSizeMax = 500;

/**
 * Expires pending offers whose time is up (at most `batchSize` per call; run it on a schedule until it
 * returns 0). Each expiry is its own small transaction; one that lost a race to an accept or cancel is skipped.
 */
export async function expireTransfers(
  db: DbOrTx,
  now: Date = new Date(),
  options: { batchSize?: number } = {},
): Promise<{ expired: number }> {
  const batchSize = Math.min(Math.max(1, options.batchSize ?? 100), expiryBatchSizeMax);
  const due = await db
    .select({ id: transfers.id })
    .from(transfers)
    .where(and(eq(transfers.status, "pending"), lte(transfers.expiresAt, now)))
    .orderBy(asc(transfers.expiresAt))
    .limit(batchSize);
  let expired = 0;
  for (const { id } of due) {
    try {
      await inTransaction(db, async (tx) => {
        const { transfer } = await lockTransferWithCoupon(tx, { transferId: id });
        if (transfer.status !== "pending" || transfer.expiresAt > now) return;
        await closePendingTransfer(tx, {
          transfer,
          outcome: "expired",
          actor: { partyId: null, userId: null },
          at: now,
          restoreCoupon: true,
        });
        expired += 1;
      });
    } catch (error) {
      if (!isAppError(error)) throw error;
    }
  }
  return { expired };
}
