import path from "node:path";
import { fileURLToPath } from "node:url";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { postgresOptions } from "./connection-settings";

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

interface MigratingDatabase {
  dialect: { migrate: (migrations: unknown[], session: unknown, config: unknown) => Promise<void> };
  session: unknown;
}

/**
 * Applies every pending migration, serialised by an advisory lock so concurrent starts cannot race. `url` must
 * reach PostgreSQL directly (DATABASE_DIRECT_URL when the app goes through PgBouncer): the lock is per session.
 *
 * Each migration commits in its own transaction (Drizzle's own migrate, given one migration at a time, which
 * skips those already recorded): PostgreSQL before 17 refuses to use an enum value added earlier in the same
 * transaction ("unsafe use of new value"), which one transaction over all migrations of a new database does on
 * PostgreSQL 15, the version of the pg_auto_failover packages.
 */
export async function migrateDatabase(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, ...postgresOptions("migrations", false) });
  try {
    await sql`select pg_advisory_lock(727272)`;
    const db = drizzle(sql) as unknown as MigratingDatabase;
    const config = { migrationsFolder };
    for (const migration of readMigrationFiles(config)) {
      await db.dialect.migrate([migration], db.session, config);
    }
    await sql`select pg_advisory_unlock(727272)`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}
