import { is } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import type { DbOrTx, Tx } from "@/db/client";
import { AppError } from "@/lib/errors";
import { isConnectionLoss } from "./connection-errors";
import { unreplicatedCommitWarnings } from "./connection-settings";
import { sqlStateOf } from "./postgres-errors";

const retryableCodes = new Set(["40001", "40P01"]);
const maxAttempts = 4;
/** Attempts of a transaction whose connection was lost before its COMMIT was sent (a failover takes seconds). */
const maxConnectionAttempts = 3;

/** The 503 of a transaction whose COMMIT was sent but whose answer never came (or came with a warning). */
export function outcomeUnknown(cause: unknown): AppError {
  return new AppError(
    "UNAVAILABLE",
    "The connection to the database was lost while saving, so whether this change was saved is not known. Try again with the same Idempotency-Key: it is then applied exactly once.",
    { cause, retryAfterSeconds: 1 },
  );
}

/** The 503 of a transaction that certainly did not commit, after its bounded retries. */
export function databaseUnavailable(cause: unknown): AppError {
  return new AppError(
    "UNAVAILABLE",
    "The database is not reachable at the moment (it may be switching to its standby); nothing was changed. Try again in a few seconds.",
    { cause, retryAfterSeconds: 1 },
  );
}

/**
 * Runs `work` in one transaction. Given the database, it retries serialization failures and deadlocks
 * (40001, 40P01) a bounded number of times; given an open transaction, it nests (savepoint) and leaves retrying
 * to the owner of the outer transaction.
 *
 * A lost connection (failover, restart, pooler: db/connection-errors.ts) is retried only when it happened
 * before COMMIT was sent: `work` had not finished, so the server certainly rolled the transaction back, and the
 * next attempt gets a fresh connection (to the new primary, when the URL names several hosts). Once `work` has
 * finished, the COMMIT is on its way and its outcome is unknown if the connection dies: that is never retried
 * blindly but answered 503 (outcomeUnknown), as is a COMMIT during which PostgreSQL warned that it committed
 * locally without the synchronous standby's confirmation (db/connection-settings.ts). The caller's
 * Idempotency-Key makes the client's retry safe.
 */
export async function inTransaction<T>(db: DbOrTx, work: (tx: Tx) => Promise<T>): Promise<T> {
  // `is` compares Drizzle entity kinds: unlike `instanceof`, it holds when a bundler loaded drizzle-orm twice.
  if (is(db, PgTransaction)) return (db as Tx).transaction(work);
  let connectionAttempts = 0;
  for (let attempt = 1; ; attempt++) {
    let workFinished = false;
    const warningsBefore = unreplicatedCommitWarnings();
    let result: T;
    try {
      result = await db.transaction(async (tx) => {
        const value = await work(tx);
        workFinished = true;
        return value;
      });
    } catch (error) {
      if (isConnectionLoss(error)) {
        if (workFinished) throw outcomeUnknown(error);
        connectionAttempts++;
        if (connectionAttempts >= maxConnectionAttempts) throw databaseUnavailable(error);
        await new Promise((resolve) => setTimeout(resolve, connectionAttempts * 250 + Math.random() * 100));
        continue;
      }
      const code = sqlStateOf(error);
      if (attempt >= maxAttempts || !code || !retryableCodes.has(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, attempt * 5 + Math.random() * 10));
      continue;
    }
    if (unreplicatedCommitWarnings() !== warningsBefore) {
      throw outcomeUnknown(new Error("COMMIT answered with the synchronous-replication cancel warning"));
    }
    return result;
  }
}
