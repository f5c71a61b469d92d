import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { column, queryRows } from "@/db/rows";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { type Money, moneyOf } from "@/lib/money/money";
import { type PayoutBatchStatus, shownStatusSql } from "./get-payout-batch";

export interface PayoutBatchSummary {
  batchId: string;
  currency: string;
  status: PayoutBatchStatus;
  createdAt: Date;
  /** Payouts in the file (whatever the bank answered since). */
  included: number;
  /** Payouts left out: no bank account, or one changed in the last 24 hours. */
  blocked: number;
  returned: number;
  /** The file's total. */
  total: Money;
}

const row = {
  id: column.text,
  currency: column.text,
  status: column.oneOf(["draft", "exported", "sent", "closed", "withdrawn"]),
  created_at: column.date,
  included: column.int,
  blocked: column.int,
  returned: column.int,
  total: column.bigint,
};

/** Most batches the list shows. */
export const payoutBatchListMax = 100;

/** The latest payout batches, newest first, with their counts and totals (admin.read). */
export async function listPayoutBatches(db: DbOrTx, actor: Actor): Promise<PayoutBatchSummary[]> {
  requirePermission(actor, "admin.read");
  const rows = await queryRows(
    db,
    row,
    sql`select b.id, b.currency, ${shownStatusSql} as status, b.created_at,
        count(i.id) filter (where i.line is not null)::int as included,
        count(i.id) filter (where i.line is null)::int as blocked,
        count(i.id) filter (where i.state = 'returned')::int as returned,
        coalesce(sum(i.amount_minor) filter (where i.line is not null), 0)::text as total
      from payout_batches b left join payout_batch_items i on i.batch_id = b.id
      left join settlement_approvals a on a.id = b.settlement_approval_id
      group by b.id, a.status order by b.created_at desc, b.id limit ${payoutBatchListMax}`,
  );
  return rows.map((r) => ({
    batchId: r.id,
    currency: r.currency,
    status: r.status,
    createdAt: r.created_at,
    included: r.included,
    blocked: r.blocked,
    returned: r.returned,
    total: moneyOf(r.total, r.currency),
  }));
}
