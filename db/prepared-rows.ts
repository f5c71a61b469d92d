import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type postgres from "postgres";
import type { z } from "zod";
import type { Db } from "./client";
import { rowParser } from "./rows";

const dialect = new PgDialect();

/**
 * `queryRows` as a named prepared statement: one round trip per call. Drizzle runs `db.execute` as an unnamed
 * statement, and for an unnamed statement with parameters the `postgres` driver first asks the server for the
 * parameter types (Parse, Describe, Sync), waits, and only then binds and executes: two round trips. A prepared
 * statement is described once per connection and then executed directly. For hot statements whose text does
 * not vary (only their parameters); takes the database, not a transaction.
 */
export async function queryPreparedRows<Shape extends z.ZodRawShape>(
  db: Db,
  shape: Shape,
  query: SQL,
): Promise<z.output<z.ZodObject<Shape>>[]> {
  const parse = rowParser(shape);
  const { sql: text, params } = dialect.sqlToQuery(query);
  // drizzle() gives every database its driver client as `$client` (db/client.ts's Db type leaves it out).
  const client = (db as Db & { $client?: postgres.Sql }).$client;
  if (!client)
    throw new Error("queryPreparedRows needs the database (drizzle over postgres), not a transaction");
  const rows = await client.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: true });
  return Array.from(rows, parse);
}
