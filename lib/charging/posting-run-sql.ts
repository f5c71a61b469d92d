import { sql } from "drizzle-orm";

/**
 * A CTE `runs_in_order` holding the completed charging runs as three arrays in period order (ids, period ends,
 * snapshot xmins), for {@link postingRunIdSql}.
 */
export const runsInOrderCte = sql`runs_in_order as (select array_agg(id order by period_end) as ids,
    array_agg(period_end order by period_end) as ends, array_agg(snapshot_xmin order by period_end) as xmins
  from charging_runs where status = 'completed')`;

/**
 * `scrip_posting_run_id(alias)` (migration 0007) as a plain expression over `runs_in_order`, for queries over every
 * posting, where calling the function costs a subquery per row (~9 µs; 9 s for 1 M postings against ~0.3 s).
 * Covers only grow from run to run (both period end and snapshot xmin; checkLedger verifies it), so the first run
 * covering a posting is the later of the first run ending after it was created and the first run whose snapshot
 * came after its transaction: two binary searches (`width_bucket`). Past the last run the array gives null.
 */
export function postingRunIdSql(alias: string) {
  const p = sql.raw(alias);
  return sql`coalesce(${p}.charging_run_id, case when ${p}.kind in ('funding', 'conversion') then
    runs_in_order.ids[greatest(width_bucket(${p}.created_at, runs_in_order.ends), width_bucket(${p}.xid, runs_in_order.xmins)) + 1]
    end)`;
}
