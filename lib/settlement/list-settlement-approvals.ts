import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { column, queryRows } from "@/db/rows";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";

/** At most this many awaiting approvals are listed (oldest first). */
export const settlementApprovalsListMax = 50;

export interface SettlementApprovalItem {
  approvalId: string;
  statementCount: number;
  /** What is still open in the set, per currency. */
  totals: { currency: string; amountMinor: bigint }[];
  requestedBy: string;
  requestedAt: Date;
  /** The viewer asked for it, so someone else must approve it. */
  mine: boolean;
}

const approvalRow = {
  id: column.text,
  n: column.int,
  totals: column.listOf({ currency: column.text, amount: column.bigint }).nullable(),
  handle: column.text,
  user_id: column.text,
  created_at: column.date,
};

/** Admins only (`admin.read`): settlements awaiting a second admin's approval, oldest first. */
export async function listSettlementApprovals(db: DbOrTx, actor: Actor): Promise<SettlementApprovalItem[]> {
  requirePermission(actor, "admin.read");
  const rows = await queryRows(
    db,
    approvalRow,
    sql`
    select a.id, cardinality(a.statement_ids) as n, u.handle, u.id as user_id, a.created_at,
      (select json_agg(json_build_object('currency', t.currency, 'amount', t.total::text) order by t.currency)
         from (select s.currency, sum(s.amount_minor) as total from statements s
               where s.id = any(a.statement_ids) and s.status = 'open' group by s.currency) t) as totals
    from settlement_approvals a join users u on u.id = a.requested_by_user_id
    where a.status = 'awaiting_second_approval'
    order by a.created_at, a.id limit ${settlementApprovalsListMax}`,
  );
  const viewer = actor.kind === "user" ? actor.userId : null;
  return rows.map((row) => ({
    approvalId: row.id,
    statementCount: row.n,
    totals: (row.totals ?? []).map((t) => ({ currency: t.currency, amountMinor: t.amount })),
    requestedBy: row.handle,
    requestedAt: row.created_at,
    mine: row.user_id === viewer,
  }));
}
