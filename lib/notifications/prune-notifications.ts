import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { column, queryRows } from "@/db/rows";

/** Read notifications are kept this long after they were read, then pruned. */
export const readNotificationRetentionDays = 30;
const pruneBatchMax = 1000;

/** Deletes one batch of notifications read long ago (index notifications_read_idx); the job repeats until none. */
export async function pruneNotifications(db: DbOrTx, now: Date = new Date()): Promise<{ deleted: number }> {
  const cutoff = new Date(now.getTime() - readNotificationRetentionDays * 86_400_000);
  const rows = await queryRows(
    db,
    { id: column.text },
    sql`delete from notifications where id in (
        select id from notifications where read_at < ${cutoff.toISOString()}::timestamptz limit ${pruneBatchMax})
      returning id::text as id`,
  );
  return { deleted: rows.length };
}
