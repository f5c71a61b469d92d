import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { column, queryRows } from "@/db/rows";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { type Money, moneyOf } from "@/lib/money/money";

export interface OpenPayouts {
  currency: string;
  count: number;
  total: Money;
}

const row = { currency: column.text, count: column.int, total: column.bigint };

/** Per currency, the open payouts no batch is paying yet: what "Make a payout batch" would take (admin.read). */
export async function listOpenPayouts(db: DbOrTx, actor: Actor): Promise<OpenPayouts[]> {
  requirePermission(actor, "admin.read");
  const rows = await queryRows(
    db,
    row,
    sql`select s.currency, count(*)::int as count, sum(s.amount_minor)::text as total from statements s
      where s.kind = 'payout' and s.status = 'open'
        and not exists (select 1 from payout_batch_items i where i.statement_id = s.id and i.state in ('included', 'confirmed'))
      group by s.currency order by s.currency`,
  );
  return rows.map((r) => ({ currency: r.currency, count: r.count, total: moneyOf(r.total, r.currency) }));
}
