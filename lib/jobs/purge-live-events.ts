import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { liveConfigFromEnv } from "@/lib/live/live-config";
import { purgeBatchMax } from "./purge-challenges";

/**
 * Deletes live events older than the retention window (SCRIP_LIVE_RETENTION_SECONDS): a browser away longer
 * than that is told to refresh instead of catching up.
 */
export async function purgeLiveEvents(
  db: DbOrTx,
  now: Date = new Date(),
  retentionSeconds: number = liveConfigFromEnv().retentionSeconds,
): Promise<{ deleted: number }> {
  const cutoff = new Date(now.getTime() - retentionSeconds * 1000);
  const rows = await db.execute(sql`delete from live_events where id in (
      select id from live_events where created_at < ${cutoff.toISOString()}::timestamptz order by id limit ${purgeBatchMax})
    returning 1`);
  return { deleted: rows.length };
}
