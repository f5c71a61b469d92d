import "server-only";
import { eq, sql } from "drizzle-orm";
import type { DbOrTx, Tx } from "@/db/client";
import { settlementApprovals } from "@/db/schema";
import { assertNotOwnParty } from "@/lib/admin/assert-not-own-party";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { completeStepUpFor } from "@/lib/auth/require-step-up";
import { AppError } from "@/lib/errors";
import { isId } from "@/lib/ids";
import type { SettleResult } from "./settle-statements";
import { settlementApprovalOperation } from "./settlement-approval-operation";
import { lockStatements, writeSettlements } from "./write-settlements";

type ApprovalRow = typeof settlementApprovals.$inferSelect;

/**
 * Reads a settlement awaiting its second approval (locked for the rest of `tx` when `lock`), refusing the admin
 * who asked for it: dual control means two different people.
 */
export async function getAwaitingApprovalOrThrow(
  tx: DbOrTx,
  actor: Actor,
  approvalId: unknown,
  options: { lock: boolean },
): Promise<ApprovalRow> {
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only an administrator approves a settlement.");
  if (!isId("settlementApproval", approvalId))
    throw new AppError("NOT_FOUND", "No such settlement approval.");
  const query = tx.select().from(settlementApprovals).where(eq(settlementApprovals.id, approvalId));
  const [row] = options.lock ? await query.for("update") : await query;
  if (!row) throw new AppError("NOT_FOUND", "No such settlement approval.");
  if (row.status !== "awaiting_second_approval") {
    throw new AppError("CONFLICT", "This settlement was already approved.");
  }
  if (row.requestedByUserId === actor.userId) {
    throw new AppError(
      "FORBIDDEN",
      "You asked for this settlement; a different administrator must approve it.",
    );
  }
  return row;
}

async function markApproved(
  tx: Tx,
  row: ApprovalRow,
  actor: Actor & { kind: "user" },
  authorization: unknown,
) {
  await tx
    .update(settlementApprovals)
    .set({
      status: "approved",
      approvedByUserId: actor.userId,
      approvedAuthorization: authorization,
      decidedAt: sql`now()`,
    })
    .where(eq(settlementApprovals.id, row.id));
}

/**
 * Dual control (`settlement.write`): a second admin — not the one who asked, and not a party to any of the
 * statements — confirms with their own passkey, bound to this approval and its exact set of statements, and the
 * set is settled in the same transaction. The approval row is locked first, so two approvals at once settle once.
 */
export async function approveSettlement(
  db: DbOrTx,
  input: { actor: Actor; approvalId: string; authorization?: unknown; ip?: string | null },
): Promise<SettleResult> {
  const { actor } = input;
  requirePermission(actor, "settlement.write");
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only an administrator approves a settlement.");
  return db.transaction(async (tx) => {
    const row = await getAwaitingApprovalOrThrow(tx, actor, input.approvalId, { lock: true });
    const authorization = await completeStepUpFor(tx, db, {
      actor,
      operation: settlementApprovalOperation(row.id, row.statementIds),
      sent: input,
    });
    const locked = await lockStatements(tx, row.statementIds);
    await assertNotOwnParty(tx, actor, [...new Set(locked.map((statement) => statement.party_id))]);
    const settled = await writeSettlements(tx, { actor, locked, ip: input.ip });
    await markApproved(tx, row, actor, authorization);
    await recordAuditEvent(tx, {
      action: "settlement.approved",
      actor,
      targetType: "settlement_approval",
      targetId: row.id,
      ip: input.ip,
      data: { requestedByUserId: row.requestedByUserId, settled: settled.length },
    });
    const alreadySettled = locked.filter((statement) => !settled.includes(statement.id)).map((s) => s.id);
    return { settled, alreadySettled };
  });
}
