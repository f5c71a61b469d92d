import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { column, queryRow } from "@/db/rows";
import { AppError } from "@/lib/errors";
import { isUtcMidnight } from "./charging-schedule";

/** A chosen period end: a UTC midnight, at latest the coming one (an admin may close the current day early). */
export function assertMidnightPeriodEnd(periodEnd: Date, now: Date): void {
  if (Number.isNaN(periodEnd.getTime()) || !isUtcMidnight(periodEnd)) {
    throw new AppError("VALIDATION_FAILED", "A charging period ends at a UTC midnight.");
  }
  if (periodEnd.getTime() > Math.floor(now.getTime() / 86_400_000) * 86_400_000 + 86_400_000) {
    throw new AppError("VALIDATION_FAILED", "A charging period cannot end after the coming UTC midnight.");
  }
}

/**
 * The end of a period closed "now": the database's clock (which also stamps every posting's created_at), read
 * once the run holds the charging lock, to the millisecond a Date holds. A posting made before it and committed
 * before the run's snapshot is this run's; one made after it, or still uncommitted at the snapshot, is the next
 * run's (postingBilledByRunSql), so every posting lands in exactly one run.
 */
export async function databaseNow(tx: DbOrTx): Promise<Date> {
  const row = await queryRow(
    tx,
    { now: column.date },
    sql`select date_trunc('milliseconds', clock_timestamp()) as now`,
  );
  if (!row) throw new Error("the database did not tell the time");
  return row.now;
}
