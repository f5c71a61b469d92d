import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { moneyOf, toDecimalString } from "@/lib/money/money";
import { streamCsv } from "./csv";
import {
  type StatementFilters,
  statementQueryRow,
  statementsQuery,
  toAdminStatement,
} from "./search-statements";

/** Every statement matching `filters` (e.g. one run's) as a streamed CSV download (admins only). */
export async function exportStatementsCsv(
  db: DbOrTx,
  input: { actor: Actor; filters: StatementFilters; pageRows?: number },
): Promise<ReadableStream<Uint8Array>> {
  requirePermission(input.actor, "admin.read");
  return streamCsv(db, {
    header: [
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
      "due_at",
    ],
    query: statementsQuery(input.filters),
    row: statementQueryRow,
    pageRows: input.pageRows,
    toCells: (raw) => {
      const row = toAdminStatement(raw);
      return [
        row.id,
        row.runId,
        row.periodEnd,
        row.partyId,
        row.partyName,
        row.handle,
        row.kind,
        row.currency,
        row.amountMinor,
        toDecimalString(moneyOf(row.amountMinor, row.currency)),
        row.status,
        row.settledAt,
        row.settlementPostingId,
        row.dueAt,
      ];
    },
  });
}
