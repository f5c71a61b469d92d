import type { DbOrTx } from "@/db/client";
import { settlementApprovals } from "@/db/schema";
import { assertNotOwnParty } from "@/lib/admin/assert-not-own-party";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { completeStepUp } from "@/lib/auth/require-step-up";
import { settleBatchMax, settleOperation } from "@/lib/charging/operations";
import { AppError } from "@/lib/errors";
import { isId, newId } from "@/lib/ids";
import { totalsOverThreshold } from "./dual-control-threshold";
import { lockStatements, writeSettlements } from "./write-settlements";

export interface SettleResult {
  /** Statements this call settled (an invoice marked paid or a payout marked sent). */
  settled: string[];
  /** Statements that were already settled (by an earlier or concurrent call): left unchanged. */
  alreadySettled: string[];
  /** Set when the batch is over the dual-control threshold: nothing was settled; a second admin must approve. */
  awaitingApproval?: { approvalId: string; totals: { currency: string; amountMinor: bigint }[] };
}

/** Validates a set of statement ids: distinct, sorted, 1 to settleBatchMax, each shaped like a statement id. */
export function statementIdSet(statementIds: readonly string[]): string[] {
  const ids = [...new Set(statementIds)].sort();
  if (ids.length === 0) throw new AppError("VALIDATION_FAILED", "Choose at least one statement.");
  if (ids.length > settleBatchMax) {
    throw new AppError("LIMIT_EXCEEDED", `Settle at most ${settleBatchMax} statements at once.`);
  }
  if (!ids.every((id) => isId("statement", id))) throw new AppError("NOT_FOUND", "No such statement.");
  return ids;
}

/**
 * Marks invoices paid and payouts sent: for each open statement one settlement posting and status settled, all
 * in one transaction. The statement rows are locked first, so concurrent or repeated calls settle each statement
 * once (also guarded by the unique settlement posting per statement). An admin confirms the exact set with a
 * passkey and never settles a statement of their own party. Dual control: when the open statements total more
 * than SCRIP_DUAL_CONTROL_MINOR in a currency, an admin's call settles nothing; it records the batch, with their
 * passkey assertion, to await a different admin's approval (approveSettlement).
 */
export async function settleStatements(
  db: DbOrTx,
  input: { actor: Actor; statementIds: string[]; authorization?: unknown; ip?: string | null },
): Promise<SettleResult> {
  requirePermission(input.actor, "settlement.write");
  const ids = statementIdSet(input.statementIds);
  return db.transaction(async (tx) => {
    const authorization =
      input.actor.kind === "user"
        ? await completeStepUp(tx, {
            actor: input.actor,
            operation: settleOperation(ids),
            response: input.authorization,
            ip: input.ip,
            auditDb: db,
          })
        : null;
    const locked = await lockStatements(tx, ids);
    if (locked.length !== ids.length) throw new AppError("NOT_FOUND", "No such statement.");
    await assertNotOwnParty(tx, input.actor, [...new Set(locked.map((row) => row.party_id))]);
    const alreadySettled = locked.filter((row) => row.status !== "open").map((row) => row.id);
    const open = locked.filter((row) => row.status === "open");
    const over = totalsOverThreshold(
      open.map((row) => ({ currency: row.currency, amountMinor: row.amount_minor })),
    );
    // The system actor (bank files, jobs) is not a person and is not held to dual control.
    if (input.actor.kind === "user" && authorization && over.length > 0) {
      const approvalId = newId("settlementApproval");
      await tx.insert(settlementApprovals).values({
        id: approvalId,
        statementIds: ids,
        requestedByUserId: input.actor.userId,
        requestedAuthorization: authorization,
      });
      await recordAuditEvent(tx, {
        action: "settlement.approval_requested",
        actor: input.actor,
        targetType: "settlement_approval",
        targetId: approvalId,
        ip: input.ip,
        data: {
          statementIds: ids,
          over: over.map((t) => ({ currency: t.currency, amountMinor: `${t.amountMinor}` })),
        },
      });
      return { settled: [], alreadySettled, awaitingApproval: { approvalId, totals: over } };
    }
    const settled = await writeSettlements(tx, { actor: input.actor, locked, ip: input.ip });
    return { settled, alreadySettled };
  });
}
