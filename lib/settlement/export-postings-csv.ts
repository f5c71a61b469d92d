import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { column } from "@/db/rows";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { postingRunIdSql, postingUnbilledSql, runsInOrderCte } from "@/lib/charging/posting-run-sql";
import { moneyOf, toDecimalString } from "@/lib/money/money";
import { streamCsv } from "./csv";

/**
 * Postings as CSV with their party side and charging run: the postings of one run when `runId` is given,
 * otherwise the billable postings no run has covered yet; all of them, as a streamed download (admins only).
 */
export async function exportPostingsCsv(
  db: DbOrTx,
  input: { actor: Actor; runId?: string | null; pageRows?: number },
): Promise<ReadableStream<Uint8Array>> {
  requirePermission(input.actor, "admin.read");
  // Membership from the runs' bounds (postingRunIdSql), not scrip_posting_run_id's subquery per posting.
  const runId = postingRunIdSql("p");
  const which = input.runId ? sql`${runId} = ${input.runId}` : postingUnbilledSql("p");
  return streamCsv(db, {
    row: {
      id: column.text,
      kind: column.text,
      created_at: column.date,
      currency: column.text,
      amount_minor: column.bigint,
      debit: column.text,
      credit: column.text,
      coupon_id: column.textOrNull,
      statement_id: column.textOrNull,
      run_id: column.textOrNull,
    },
    header: [
      "posting_id",
      "kind",
      "created_at",
      "currency",
      "amount_minor",
      "amount",
      "debit",
      "credit",
      "coupon_id",
      "statement_id",
      "run_id",
    ],
    query: sql`with ${runsInOrderCte} select p.id, p.kind::text as kind, p.created_at, p.currency, p.amount_minor::text,
      coalesce(d.party_id, d.kind::text) as debit, coalesce(c.party_id, c.kind::text) as credit,
      p.coupon_id, p.statement_id, ${runId} as run_id
    from postings p cross join runs_in_order
      join ledger_accounts d on d.id = p.debit_account_id join ledger_accounts c on c.id = p.credit_account_id
    where ${which}
    order by p.created_at, p.id`,
    pageRows: input.pageRows,
    toCells: (row) => [
      row.id,
      row.kind,
      row.created_at,
      row.currency,
      row.amount_minor,
      toDecimalString(moneyOf(row.amount_minor, row.currency)),
      row.debit,
      row.credit,
      row.coupon_id,
      row.statement_id,
      row.run_id,
    ],
  });
}
