import { asc, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db/client";

/** Most rows one call of a scheduled expiry takes; the job calls it again until it expires none. */
export const expiryBatchSizeMax = 500;

/**
 * Runs `expire` for the rows of `from` matching `where`, earliest `by` first: at most `batchSize` of them (100
 * unless asked, 1 to `expiryBatchSizeMax`). Each `expire` is its own small transaction and says whether it
 * expired its row (a row that changed since it was listed is left alone).
 */
export async function expireDue(
  db: DbOrTx,
  batchSize: number | undefined,
  due: { from: PgTable; id: PgColumn; where: SQL | undefined; by: PgColumn },
  expire: (id: string) => Promise<boolean>,
): Promise<{ expired: number }> {
  const rows = await db
    .select({ id: due.id })
    .from(due.from)
    .where(due.where)
    .orderBy(asc(due.by))
    .limit(Math.min(Math.max(1, batchSize ?? 100), expiryBatchSizeMax));
  let expired = 0;
  for (const { id } of rows) if (await expire(id as string)) expired += 1;
  return { expired };
}
