import { is } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import type { DbOrTx, Tx } from "@/db/client";
import { sqlStateOf } from "./postgres-errors";

const retryableCodes = new Set(["40001", "40P01"]);
const maxAttempts = 4;

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
