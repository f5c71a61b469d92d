import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { column, queryRows } from "@/db/rows";
import type { PayoutOutcomeFacts } from "@/lib/charging/statement-words";

const row = {
  statement_id: column.text,
  state: column.oneOf(["included", "confirmed", "returned", "withdrawn"]),
  bank_answer_at: column.dateOrNull,
  account_masked: column.textOrNull,
  return_reason_code: column.textOrNull,
};

/**
 * Adds to each payout statement (already read for, and authorised to, its owner) what the bank did with it: its
 * latest bank transfer, paid out (to which account, when) or returned (when, why). Statements paid by hand, or not
 * in any batch's file, get nothing.
 */
export async function withPayoutOutcomes<S extends { id: string; kind: "invoice" | "payout" }>(
  db: DbOrTx,
  statements: S[],
): Promise<(S & { payout: PayoutOutcomeFacts | null })[]> {
  const ids = statements.filter((s) => s.kind === "payout").map((s) => s.id);
  if (ids.length === 0) return statements.map((s) => ({ ...s, payout: null }));
  const rows = await queryRows(
    db,
    row,
    sql`select distinct on (i.statement_id) i.statement_id, i.state::text, i.bank_answer_at, i.account_masked,
        i.return_reason_code
      from payout_batch_items i join payout_batches b on b.id = i.batch_id
      where i.line is not null and i.state <> 'withdrawn' and i.statement_id in (${sql.join(
        ids.map((id) => sql`${id}`),
        sql`, `,
      )})
      order by i.statement_id, b.created_at desc, b.id desc`,
  );
  const byStatement = new Map(rows.map((r) => [r.statement_id, r]));
  return statements.map((s) => {
    const found = byStatement.get(s.id);
    const payout: PayoutOutcomeFacts | null =
      found?.state === "confirmed" && found.bank_answer_at
        ? { outcome: "paid", at: found.bank_answer_at, account: found.account_masked, reasonCode: null }
        : found?.state === "returned" && found.bank_answer_at
          ? {
              outcome: "returned",
              at: found.bank_answer_at,
              account: found.account_masked,
              reasonCode: found.return_reason_code,
            }
          : null;
    return { ...s, payout };
  });
}
