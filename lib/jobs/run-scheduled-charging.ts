import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { column, queryRow } from "@/db/rows";
import { systemActor } from "@/lib/auth/actor";
import { type ChargingSchedule, latestPeriodEnd } from "@/lib/charging/charging-schedule";
import { type ChargingRunResult, runCharging } from "@/lib/charging/run-charging";

const lastRunRow = { period_end: column.date };

/**
 * The scheduled charging job: charges the latest closed period of `schedule` unless a run already reaches that
 * far (an admin may have run it, or a later period, on demand). Safe to repeat: a period runs at most once.
 */
export async function runScheduledCharging(
  db: DbOrTx,
  input: { schedule: ChargingSchedule; now?: Date },
): Promise<ChargingRunResult | { skipped: true; periodEnd: Date }> {
  const now = input.now ?? new Date();
  const periodEnd = latestPeriodEnd(input.schedule, now);
  const last = await queryRow(
    db,
    lastRunRow,
    sql`select period_end from charging_runs order by period_end desc limit 1`,
  );
  if (last && last.period_end.getTime() >= periodEnd.getTime()) return { skipped: true, periodEnd };
  return runCharging(db, { actor: systemActor("scheduled charging"), periodEnd, now, trigger: "schedule" });
}
