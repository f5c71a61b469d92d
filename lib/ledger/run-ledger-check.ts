import type { DbOrTx } from "@/db/client";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { checkLedger, type LedgerViolation } from "./check-ledger";
import { recordLedgerCheck } from "./record-ledger-check";

/** Runs checkLedger on demand for an admin (health page) and records that it ran and what it found. */
export async function runLedgerCheck(
  db: DbOrTx,
  input: { actor: Actor; ip?: string | null },
): Promise<{ checkedAt: Date; violations: LedgerViolation[] }> {
  requirePermission(input.actor, "admin.read");
  const violations = await checkLedger(db);
  const checkedAt = new Date();
  await recordLedgerCheck(db, { violations, source: "admin", checkedAt });
  await recordAuditEvent(db, {
    action: "ledger.checked",
    actor: input.actor,
    ip: input.ip,
    data: { violations: violations.length, invariants: [...new Set(violations.map((v) => v.invariant))] },
  });
  return { checkedAt, violations };
}
