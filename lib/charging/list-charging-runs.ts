import { sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { column, queryRows } from "@/db/rows";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";

export interface ChargingRunTotals {
  currency: string;
  invoiceCount: number;
  invoiceTotalMinor: bigint;
  payoutCount: number;
  payoutTotalMinor: bigint;
  /** Statements of this currency still open (invoice unpaid or payout not sent). */
  openCount: number;
}

export interface ChargingRunSummary {
  id: string;
  periodStart: Date;
  periodEnd: Date;
  trigger: string;
  startedByHandle: string | null;
  completedAt: Date | null;
  totals: ChargingRunTotals[];
}

/** Most runs one page lists. */
export const runsPageMax = 100;

/** The latest charging runs, newest period first, with invoice and payout totals per currency (admins only). */
export async function listChargingRuns(
  db: DbOrTx,
  input: { actor: Actor; limit?: number },
): Promise<ChargingRunSummary[]> {
  requirePermission(input.actor, "admin.read");
  const limit = Math.min(Math.max(input.limit ?? 50, 1), runsPageMax);
  const rows = await queryRows(
    db,
    {
      id: column.text,
      period_start: column.date,
      period_end: column.date,
      trigger: column.text,
      handle: column.textOrNull,
      completed_at: column.date.nullable(),
      totals: z
        .array(
          z.object({
            currency: column.text,
            ic: column.int,
            it: column.bigint,
            pc: column.int,
            pt: column.bigint,
            oc: column.int,
          }),
        )
        .nullable(),
    },
    sql`with runs as (select * from charging_runs order by period_end desc limit ${limit})
    select r.id, r.period_start, r.period_end, r.trigger, u.handle, r.completed_at,
      (select json_agg(t order by t.currency) from (
        select s.currency, count(*) filter (where s.kind = 'invoice')::int as ic,
          coalesce(sum(s.amount_minor) filter (where s.kind = 'invoice'), 0)::text as it,
          count(*) filter (where s.kind = 'payout')::int as pc,
          coalesce(sum(s.amount_minor) filter (where s.kind = 'payout'), 0)::text as pt,
          count(*) filter (where s.status = 'open')::int as oc
        from statements s where s.run_id = r.id group by s.currency) t) as totals
    from runs r left join users u on u.id = r.started_by_user_id
    order by r.period_end desc`,
  );
  return rows.map((row) => ({
    id: row.id,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    trigger: row.trigger,
    startedByHandle: row.handle,
    completedAt: row.completed_at,
    totals: (row.totals ?? []).map((t) => ({
      currency: t.currency,
      invoiceCount: t.ic,
      invoiceTotalMinor: t.it,
      payoutCount: t.pc,
      payoutTotalMinor: t.pt,
      openCount: t.oc,
    })),
  }));
}
