import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { purgeBatchMax } from "./purge-challenges";

/** Rate-limit windows are at most an hour long; a row whose window began a day ago counts nothing any more. */
export const rateLimitRetentionSeconds = 86_400;

/** Deletes rate-limit counters whose window ended long ago. */
export async function purgeRateLimits(db: DbOrTx, now: Date = new Date()): Promise<{ deleted: number }> {
  const cutoff = new Date(now.getTime() - rateLimitRetentionSeconds * 1000);
  const rows = await db.execute(sql`delete from rate_limits where key in (
      select key from rate_limits where window_start < ${cutoff.toISOString()}::timestamptz limit ${purgeBatchMax})
    returning 1`);
  return { deleted: rows.length };
}
