import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { column, queryRow } from "@/db/rows";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { readPayoutBatch } from "./payout-batch-file";

const answeredRow = { answered: column.int, approval: column.textOrNull };

/**
 * Withdraws a batch nobody marked sent (settlement.write): its payouts leave it and go into a later batch, e.g.
 * when a payee's bank account changed after its file was taken. Refused once it was marked sent, while marking
 * it sent waits for a second admin, or once the bank answered for any of its payouts. Moves no money; audited.
 * Should the bank still pay from a withdrawn file, its answer settles the payout all the same (importBankAnswer).
 */
export async function withdrawPayoutBatch(
  db: DbOrTx,
  actor: Actor,
  input: { batchId: string; ip?: string | null },
): Promise<void> {
  requirePermission(actor, "settlement.write");
  await db.transaction(async (tx) => {
    const batch = await readPayoutBatch(tx, input.batchId, true);
    if (batch.status !== "draft" && batch.status !== "exported") {
      throw new AppError(
        "CONFLICT",
        "This batch was marked sent to the bank; it can no longer be withdrawn.",
      );
    }
    const facts = await queryRow(
      tx,
      answeredRow,
      sql`select (select count(*) from payout_batch_items where batch_id = ${batch.id}
            and state in ('confirmed', 'returned'))::int as answered,
          (select settlement_approval_id from payout_batches where id = ${batch.id}) as approval`,
    );
    if (facts?.approval) {
      throw new AppError(
        "CONFLICT",
        "Marking this batch sent waits for a second administrator; it cannot be withdrawn.",
      );
    }
    if (facts && facts.answered > 0) {
      throw new AppError(
        "CONFLICT",
        "The bank has answered for payouts in this batch; it can no longer be withdrawn.",
      );
    }
    await tx.execute(
      sql`update payout_batch_items set state = 'withdrawn' where batch_id = ${batch.id} and state = 'included'`,
    );
    await tx.execute(sql`update payout_batches set status = 'withdrawn' where id = ${batch.id}`);
    await recordAuditEvent(tx, {
      action: "payouts.batch_withdrawn",
      actor,
      targetType: "payout_batch",
      targetId: batch.id,
      ip: input.ip,
    });
  });
}
