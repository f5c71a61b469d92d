import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { toCsv } from "./csv";
import { formatMinor } from "./format-minor";
import { type StatementFilters, searchStatements, statementsCsvMax } from "./search-statements";

/** The statements matching `filters` (e.g. one run's) as CSV, at most statementsCsvMax rows (admins only). */
export async function exportStatementsCsv(
  db: DbOrTx,
  input: { actor: Actor; filters: StatementFilters },
): Promise<string> {
  requirePermission(input.actor, "admin.read");
  const rows = await searchStatements(db, { ...input, limit: statementsCsvMax });
  return toCsv(
    [
      "statement_id",
      "run_id",
      "period_end",
      "party_id",
      "party_name",
      "handle",
      "kind",
      "currency",
      "amount_minor",
      "amount",
      "status",
      "settled_at",
      "settlement_posting_id",
    ],
    rows.map((row) => [
      row.id,
      row.runId,
      row.periodEnd,
      row.partyId,
      row.partyName,
      row.handle,
      row.kind,
      row.currency,
      row.amountMinor,
      formatMinor(row.amountMinor, row.currency),
      row.status,
      row.settledAt,
      row.settlementPostingId,
    ]),
  );
}
