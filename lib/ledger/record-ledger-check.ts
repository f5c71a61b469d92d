import type { DbOrTx } from "@/db/client";
import { ledgerCheckResults } from "@/db/schema";
import type { LedgerViolation } from "./check-ledger";

/** Where a ledger check ran. */
export type LedgerCheckSource = "command" | "admin" | "job";

/**
 * Records one ledger check's result (how many invariants failed, which ones), so the last result outlives the
 * process that ran it and the metrics endpoint can export it with its time.
 */
export async function recordLedgerCheck(
  db: DbOrTx,
  input: { violations: readonly LedgerViolation[]; source: LedgerCheckSource; checkedAt?: Date },
): Promise<void> {
  const invariants = [...new Set(input.violations.map((violation) => violation.invariant))].sort(
    (a, b) => a - b,
  );
  await db.insert(ledgerCheckResults).values({
    checkedAt: input.checkedAt ?? new Date(),
    violationCount: input.violations.length,
    invariants,
    source: input.source,
  });
}
