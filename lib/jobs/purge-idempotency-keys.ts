import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { purgeBatchMax } from "./purge-challenges";

/** Deletes API idempotency keys past their expiry (a retry after that is a new request). */
export async function purgeIdempotencyKeys(db: DbOrTx, now: Date = new Date()): Promise<{ deleted: number }> {
  const rows = await db.execute(sql`delete from idempotency_keys where ctid in (
      select ctid from idempotency_keys where expires_at < ${now.toISOString()}::timestamptz limit ${purgeBatchMax})
    returning 1`);
  return { deleted: rows.length };
}
