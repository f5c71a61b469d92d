import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";

/** The part of drizzle's migration journal (db/migrations/meta/_journal.json) readiness compares. */
export interface MigrationJournal {
  entries: readonly { tag: string; when: number }[];
}

export type Readiness = { ready: true } | { ready: false; reason: string };

/**
 * Whether this instance should receive traffic (`/api/ready`): its database takes writes — not a standby in
 * recovery, not read-only (asked through the pool the app uses, so a connection left on a demoted primary
 * answers not ready) — and every migration of `journal` is applied (drizzle records each by its journal time in
 * drizzle.__drizzle_migrations). Never throws: a database that does not answer is not ready.
 */
export async function checkReadiness(database: () => DbOrTx, journal: MigrationJournal): Promise<Readiness> {
  try {
    const db = database();
    const [state] = (await db.execute(sql`select pg_is_in_recovery() as recovery,
        current_setting('transaction_read_only') as read_only,
        to_regclass('drizzle.__drizzle_migrations') is not null as migrations_table`)) as unknown as {
      recovery: boolean;
      read_only: string;
      migrations_table: boolean;
    }[];
    if (!state) return { ready: false, reason: "The database gave no answer." };
    if (state.recovery)
      return { ready: false, reason: "The database is a standby in recovery: it takes no writes." };
    if (state.read_only === "on") return { ready: false, reason: "The database is read-only." };
    const applied = new Set<number>();
    if (state.migrations_table) {
      const rows = (await db.execute(
        sql`select created_at::text as created_at from drizzle.__drizzle_migrations`,
      )) as unknown as { created_at: string }[];
      for (const row of rows) applied.add(Number(row.created_at));
    }
    const missing = journal.entries.filter((entry) => !applied.has(entry.when));
    if (missing.length > 0) {
      const newest = missing[missing.length - 1]?.tag;
      return {
        ready: false,
        reason: `${missing.length} database migration(s) not applied yet (newest missing: ${newest}).`,
      };
    }
    return { ready: true };
  } catch (error) {
    const message = error instanceof Error ? error.message.slice(0, 200) : "unknown error";
    return { ready: false, reason: `The database does not answer: ${message}` };
  }
}
