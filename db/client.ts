import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgTransaction } from "drizzle-orm/pg-core";
import { drizzle, type PostgresJsDatabase, type PostgresJsQueryResultHKT } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { appUrlIsPooled, type ConnectionPurpose, postgresOptions } from "./connection-settings";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Db = PostgresJsDatabase<Schema>;
export type Tx = PgTransaction<PostgresJsQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Domain functions take either the database or an open transaction, so callers can compose them atomically. */
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  sql: postgres.Sql;
  close: () => Promise<void>;
}

/**
 * Whether statements are prepared on the server (named, parsed and planned once per connection). On by default;
 * `SCRIP_DB_PREPARE=0` turns them off for every statement, for a pooler that does not keep them (PgBouncer in
 * transaction mode before 1.21). The one switch: postgres.js ignores a query's own `prepare: true` when it is off.
 */
export const preparedStatements = process.env.SCRIP_DB_PREPARE !== "0";

/**
 * Opens a connection pool to `url` (one host or several, db/connection-settings.ts) with the connect timeout,
 * statement timeout and TCP keepalives of its `purpose` (default "app"); `pooled`: `url` goes through PgBouncer,
 * so no startup parameters are sent and no query is pipelined; `prepare` (default: SCRIP_DB_PREPARE is not "0"):
 * named prepared statements, which PgBouncer before 1.21 cannot carry. Notices are dropped but for the synchronous-replication warning (see
 * db/connection-settings.ts); bigint columns come back as `bigint` via Drizzle. A connection that dies is
 * replaced by postgres.js on the next query, trying the hosts in turn.
 */
export function openDatabase(
  url: string,
  options: { max?: number; purpose?: ConnectionPurpose; pooled?: boolean; prepare?: boolean } = {},
): Database {
  const sql = postgres(url, {
    max: options.max ?? 10,
    ...postgresOptions(options.purpose ?? "app", options.pooled ?? false),
    prepare: options.prepare ?? preparedStatements,
  });
  const db = drizzle(sql, { schema });
  return { db, sql, close: () => sql.end({ timeout: 5 }) };
}

const globalForDb = globalThis as unknown as { scripDatabase?: Database };

/** The application's shared pool, opened on first use from DATABASE_URL (set by scripts/start.ts). */
export function getDb(): Db {
  if (!globalForDb.scripDatabase) {
    const url = process.env.DATABASE_URL;
    if (!url) {
      throw new Error("DATABASE_URL is not set: start Scrip with `npm start`, which provides one.");
    }
    globalForDb.scripDatabase = openDatabase(url, {
      max: Number(process.env.DATABASE_POOL_MAX ?? 10),
      pooled: appUrlIsPooled(),
    });
  }
  return globalForDb.scripDatabase.db;
}
