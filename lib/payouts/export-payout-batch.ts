import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { completeStepUp } from "@/lib/auth/require-step-up";
import { AppError } from "@/lib/errors";
import { exportPayoutBatchOperation } from "./operations";
import { buildPayoutBatchFile, type PayoutBatchFile, readPayoutBatch } from "./payout-batch-file";

/**
 * Gives an admin a batch's bank file, confirmed with a passkey bound to this batch and these exact bytes
 * (settlement.write). The first export fixes the file: its SHA-256 and execution date are stored and the batch
 * becomes "exported"; a later download must be byte for byte the same file (refused if a bank account changed
 * meanwhile). Every download is audited. Taking the file moves no money: marking the batch sent does.
 */
export async function exportPayoutBatch(
  db: DbOrTx,
  actor: Actor,
  input: { batchId: string; authorization?: unknown; now?: Date; ip?: string | null },
): Promise<PayoutBatchFile> {
  requirePermission(actor, "settlement.write");
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const batch = await readPayoutBatch(tx, input.batchId, true);
    const file = await buildPayoutBatchFile(tx, actor, batch, now);
    await completeStepUp(tx, {
      actor,
      operation: exportPayoutBatchOperation(batch.id, file.sha256),
      response: input.authorization,
      ip: input.ip,
      auditDb: db,
    });
    if (batch.exported_sha256 !== null && batch.exported_sha256 !== file.sha256) {
      throw new AppError(
        "CONFLICT",
        "This batch's file would differ from the one already taken (a bank account changed); make a new batch.",
      );
    }
    if (batch.exported_sha256 === null) {
      const userId = actor.kind === "user" ? actor.userId : null;
      await tx.execute(sql`update payout_batches set status = 'exported', exported_at = ${now.toISOString()}::timestamptz,
          exported_by_user_id = ${userId}, exported_sha256 = ${file.sha256},
          execution_date = ${now.toISOString().slice(0, 10)}
        where id = ${batch.id} and status = 'draft'`);
    }
    await recordAuditEvent(tx, {
      action: "payouts.batch_exported",
      actor,
      targetType: "payout_batch",
      targetId: batch.id,
      ip: input.ip,
      data: { sha256: file.sha256, first: batch.exported_sha256 === null },
    });
    return file;
  });
}
