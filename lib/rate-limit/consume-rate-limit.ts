import { type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { column, queryRow } from "@/db/rows";
import { AppError } from "@/lib/errors";
import { plural } from "@/lib/words/plural";

export interface RateLimitRule {
  /** What is limited and for whom, e.g. `signin:ip:203.0.113.7` or `claim:party:pty_…`. */
  key: string;
  /** Requests allowed per window. */
  limit: number;
  windowSeconds: number;
}

export interface RateLimitState {
  count: number;
  remaining: number;
  retryAfterSeconds: number;
}

const countedRow = { count: column.int, retry_after: column.int };

/**
 * The upsert that counts one request for the key `keyExpression` (SQL) in a fixed window of `windowSeconds`,
 * returning the window's `count` and `retry_after` (seconds until it ends). `source` is an optional
 * `from …` clause the key expression reads from (no row there: nothing counted); shared by consumeRateLimit and
 * statements that count a request together with other work (the API's key lookup, lib/api-keys/verify-api-key.ts).
 */
export function rateLimitCountSql(keyExpression: SQL, windowSeconds: number, source?: SQL): SQL {
  const window = `${Math.max(1, Math.floor(windowSeconds))} seconds`;
  return sql`
    insert into rate_limits (key, window_start, count) select ${keyExpression}, now(), 1 ${source ?? sql``}
    on conflict (key) do update set
      window_start = case when rate_limits.window_start <= now() - ${window}::interval
                          then now() else rate_limits.window_start end,
      count = case when rate_limits.window_start <= now() - ${window}::interval
                   then 1 else rate_limits.count + 1 end
    returning count,
      greatest(1, ceil(extract(epoch from (window_start + ${window}::interval - now()))))::int as retry_after`;
}

/** The state after a counted request; throws RATE_LIMITED (429, with Retry-After) once the limit is spent. */
export function refuseOverLimit(
  rule: Pick<RateLimitRule, "limit">,
  row: { count: number; retry_after: number },
  message?: string,
): RateLimitState {
  const state = {
    count: row.count,
    remaining: Math.max(0, rule.limit - row.count),
    retryAfterSeconds: row.retry_after,
  };
  if (row.count > rule.limit) {
    throw new AppError(
      "RATE_LIMITED",
      message ?? `Too many attempts; try again in ${plural(state.retryAfterSeconds, "second")}.`,
      {
        retryAfterSeconds: state.retryAfterSeconds,
      },
    );
  }
  return state;
}

/**
 * Counts one request against a fixed-window limit and throws RATE_LIMITED (429, with Retry-After) once the
 * window's limit is spent. Pass the database itself, not a transaction that may roll back, or a refused
 * attempt (a wrong claim code, a failed sign-in) would not be counted.
 */
export async function consumeRateLimit(
  db: DbOrTx,
  rule: RateLimitRule,
  message?: string,
): Promise<RateLimitState> {
  const row = await queryRow(db, countedRow, rateLimitCountSql(sql`${rule.key}`, rule.windowSeconds));
  if (!row) throw new Error("rate limit upsert returned no row");
  return refuseOverLimit(rule, row, message);
}
