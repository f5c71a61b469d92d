import { and, eq, lte } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import { transfers } from "@/db/schema";
import { isAppError } from "@/lib/errors";
import { expireDue } from "@/lib/jobs/expire-due";
import { closePendingTransfer } from "./close-transfer";
import { lockTransferWithCoupon } from "./lock-transfer";

/**
 * Expires pending offers whose time is up (at most `batchSize` per call; run it on a schedule until it
 * returns 0). Each expiry is its own small transaction; one that lost a race to an accept or cancel is skipped.
 */
export function expireTransfers(
  db: DbOrTx,
  now: Date = new Date(),
  options: { batchSize?: number } = {},
): Promise<{ expired: number }> {
  const due = { from: transfers, id: transfers.id, by: transfers.expiresAt };
  return expireDue(
    db,
    options.batchSize,
    { ...due, where: and(eq(transfers.status, "pending"), lte(transfers.expiresAt, now)) },
    async (id) => {
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
    },
  );
}
