import path from "node:path";
import { fileURLToPath } from "node:url";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { postgresOptions } from "./connection-settings";

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

/**
 * Applies every pending migration, serialised by an advisory lock so concurrent starts cannot race. `url` must
 * reach PostgreSQL directly (DATABASE_DIRECT_URL when the app goes through PgBouncer): the lock is per session.
 */
export async function migrateDatabase(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, ...postgresOptions("migrations", false) });
  try {
    await sql`select pg_advisory_lock(727272)`;
    await migrate(drizzle(sql), { migrationsFolder });
    await sql`select pg_advisory_unlock(727272)`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}
