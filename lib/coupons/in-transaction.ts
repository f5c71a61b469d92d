import { is } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import type { DbOrTx, Tx } from "@/db/client";

const retryableCodes = new Set(["40001", "40P01"]);
const maxAttempts = 4;

function sqlStateOf(error: unknown): string | undefined {
  let current = error as { code?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; current && depth < 5; depth++) {
    if (typeof current.code === "string" && /^[0-9A-Z]{5}$/.test(current.code)) return current.code;
    current = current.cause as typeof current;
  }
  return undefined;
}

/**
 * Runs `work` in one transaction. Given the database, it retries serialization failures and deadlocks
 * (40001, 40P01) a bounded number of times; given an open transaction, it nests (savepoint) and leaves retrying
 * to the owner of the outer transaction.
 */
export async function inTransaction<T>(db: DbOrTx, work: (tx: Tx) => Promise<T>): Promise<T> {
  // `is` compares Drizzle entity kinds: unlike `instanceof`, it holds when a bundler loaded drizzle-orm twice.
  if (is(db, PgTransaction)) return (db as Tx).transaction(work);
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(work);
    } catch (error) {
      const code = sqlStateOf(error);
      if (attempt >= maxAttempts || !code || !retryableCodes.has(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, attempt * 5 + Math.random() * 10));
    }
  }
}
