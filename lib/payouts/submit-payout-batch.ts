import "server-only";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { column, queryRows } from "@/db/rows";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { beginSettlement } from "@/lib/settlement/begin-settlement";
import { type SettleResult, settleStatements } from "@/lib/settlement/settle-statements";
import { readPayoutBatch } from "./payout-batch-file";

const idRow = { statement_id: column.text };

/** The statements a batch pays (its file's lines still awaiting an answer), once its file was taken. */
async function statementsToSend(db: DbOrTx, batchId: string): Promise<string[]> {
  const batch = await readPayoutBatch(db, batchId);
  if (batch.status === "withdrawn")
    throw new AppError("CONFLICT", "This batch was withdrawn; make a new batch.");
  if (batch.status === "draft") {
    throw new AppError(
      "CONFLICT",
      "Take the bank file first: only a batch whose file was taken can be marked sent.",
    );
  }
  const rows = await queryRows(
    db,
    idRow,
    sql`select statement_id from payout_batch_items where batch_id = ${batchId} and state = 'included'
      order by statement_id`,
  );
  if (rows.length === 0)
    throw new AppError("CONFLICT", "Every payout in this batch already has the bank's answer.");
  return rows.map((row) => row.statement_id);
}

/** Step-up options for marking a batch sent: the passkey confirms settling exactly its payouts (settleStatements). */
export async function beginSubmitPayoutBatch(
  db: DbOrTx,
  actor: Actor,
  input: { batchId: string; ip?: string | null },
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  requirePermission(actor, "settlement.write");
  return beginSettlement(db, {
    actor,
    statementIds: await statementsToSend(db, input.batchId),
    ip: input.ip,
  });
}

/**
 * "Marked sent to the bank": settles the batch's payouts (one payout_sent each) through settleStatements, so the
 * passkey step-up, the self-dealing rule and dual control are the settlement's own: over the threshold nothing
 * is settled and the batch waits for a second admin in Approvals. Repeating it (or two admins at once) settles
 * each payout once; the batch is marked sent when all its payouts are.
 */
export async function submitPayoutBatch(
  db: DbOrTx,
  actor: Actor,
  input: { batchId: string; authorization?: unknown; ip?: string | null },
): Promise<SettleResult> {
  requirePermission(actor, "settlement.write");
  const statementIds = await statementsToSend(db, input.batchId);
  const result = await settleStatements(db, {
    actor,
    statementIds,
    authorization: input.authorization,
    ip: input.ip,
  });
  const userId = actor.kind === "user" ? actor.userId : null;
  if (result.awaitingApproval) {
    await db.execute(sql`update payout_batches set settlement_approval_id = ${result.awaitingApproval.approvalId}
      where id = ${input.batchId} and status = 'exported'`);
  } else {
    await db.execute(sql`update payout_batches set status = 'sent', sent_at = now(), sent_by_user_id = ${userId}
      where id = ${input.batchId} and status = 'exported'`);
  }
  return result;
}
