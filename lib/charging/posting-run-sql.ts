import { sql } from "drizzle-orm";

/**
 * A CTE `runs_in_order` holding every charging run as three arrays in period order (ids, period ends, snapshot
 * xmins), for {@link postingRunIdSql}. Cross join it into the query (`from postings p cross join runs_in_order`).
 */
export const runsInOrderCte = sql`runs_in_order as (select array_agg(id order by period_end) as ids,
    array_agg(period_end order by period_end) as ends, array_agg(snapshot_xmin order by period_end) as xmins
  from charging_runs)`;

/**
 * The position (1-based, in period order) in `runs_in_order` of the charging run that billed the posting `alias`:
 * `scrip_posting_run_id(alias)` (migration 0012, the reference definition) as a plain expression, for queries over
 * many postings, where calling the function costs a subquery per posting. Covers only grow from run to run (both
 * period end and snapshot xmin; checkLedger verifies it), so the first run covering a posting is the later of the
 * first run ending after it was created and the first run whose snapshot came after its transaction: two binary
 * searches (`width_bucket`). One past the last run while no run covers it; null when it is not billable or there
 * is no run. tests/integration/charging-membership.int.test.ts keeps it in agreement with the function.
 */
export function postingRunOrdinalSql(alias: string) {
  const p = sql.raw(alias);
  return sql`case when scrip_posting_billable(${p}.kind) then
    greatest(width_bucket(${p}.created_at, runs_in_order.ends), width_bucket(${p}.xid, runs_in_order.xmins)) + 1 end`;
}

/** The id of the charging run that billed the posting `alias` ({@link postingRunOrdinalSql}), or null. */
export function postingRunIdSql(alias: string) {
  return sql`runs_in_order.ids[${postingRunOrdinalSql(alias)}]`;
}

/** `scrip_posting_unbilled(alias)` over `runs_in_order`: a billable posting no run has billed yet. */
export function postingUnbilledSql(alias: string) {
  return sql`(scrip_posting_billable(${sql.raw(alias)}.kind) and ${postingRunIdSql(alias)} is null)`;
}

/** A run's bounds: it covers the billable postings created before `periodEnd` whose `xid` is below `snapshotXmin`. */
export interface RunBounds {
  periodEnd: Date;
  snapshotXmin: string;
}

/**
 * The postings the run `run` billed, the run before it being `previous`: covered by `run` and not by `previous`.
 * Because covers only grow, this is exactly `postingRunIdSql(alias) = run`, written as plain comparisons against
 * constants so the planner estimates the run's aggregation right (runCharging's selection; the agreement test
 * checks every run's statements against scrip_posting_run_id).
 */
export function postingBilledByRunSql(alias: string, run: RunBounds, previous: RunBounds | undefined) {
  const p = sql.raw(alias);
  const covered = (bounds: RunBounds) =>
    sql`(${p}.created_at < ${bounds.periodEnd.toISOString()}::timestamptz and ${p}.xid < ${bounds.snapshotXmin}::xid8)`;
  return sql`(scrip_posting_billable(${p}.kind) and ${covered(run)}${previous ? sql` and not ${covered(previous)}` : sql``})`;
}
