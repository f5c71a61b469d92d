import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";

/** Most rows one purge statement deletes, so a backlog never holds long locks. */
export const purgeBatchMax = 5000;

/** Deletes WebAuthn challenges that were consumed or have expired (single use, short-lived: never needed again). */
export async function purgeChallenges(db: DbOrTx, now: Date = new Date()): Promise<{ deleted: number }> {
  const rows = await db.execute(sql`delete from webauthn_challenges where id in (
      select id from webauthn_challenges
      where consumed_at is not null or expires_at < ${now.toISOString()}::timestamptz limit ${purgeBatchMax})
    returning 1`);
  return { deleted: rows.length };
}
