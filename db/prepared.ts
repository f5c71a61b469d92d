import { getTableColumns, type Table } from "drizzle-orm";
import type postgres from "postgres";
import type { DbOrTx } from "./client";

/**
 * Hot statements written as SQL text with `$n` parameters and run through postgres.js directly, prepared (named,
 * parsed and planned once per connection, then one round trip each): no Drizzle query building, and no extra
 * round trip for postgres.js to learn the parameter types, which it takes for every unprepared statement with
 * parameters. `SCRIP_DB_PREPARE=0` (db/client.ts) turns preparing off; the statements still run.
 * Rows come as the driver gives them under Drizzle (timestamps as text, int8 as text, json parsed).
 */
export type PreparedRow = Record<string, unknown>;

function clientOf(db: DbOrTx): postgres.Sql {
  // Drizzle's postgres-js database and transactions keep the postgres.js client (the transaction's reserved
  // connection, or the savepoint's) on their session.
  return (db as unknown as { session: { client: postgres.Sql } }).session.client;
}

/** Runs one prepared statement in `db` (a transaction's connection when given one). */
export async function preparedQuery(
  db: DbOrTx,
  text: string,
  parameters: readonly unknown[],
): Promise<PreparedRow[]> {
  const rows = await clientOf(db).unsafe(text, parameters as postgres.ParameterOrJSON<never>[], {
    prepare: true,
  });
  return rows as unknown as PreparedRow[];
}

/**
 * The columns of `table` but `omit` for a prepared statement's select list (`alias."column" as "prefix_column"`), and
 * the mapper that turns those fields of a row into the table's row object exactly as a Drizzle select does (each
 * non-null value through its column's `mapFromDriverValue`).
 */
export function tableColumns<T extends Table, Omitted extends keyof T["$inferSelect"] = never>(
  table: T,
  alias: string,
  prefix: string,
  omit: readonly Omitted[] = [],
): { list: string; read: (row: PreparedRow) => Omit<T["$inferSelect"], Omitted> } {
  const columns = Object.entries(getTableColumns(table))
    .filter(([key]) => !(omit as readonly string[]).includes(key))
    .map(([key, column]) => ({ key, column, field: `${prefix}${column.name}` }));
  const list = columns.map(({ column, field }) => `${alias}."${column.name}" as "${field}"`).join(", ");
  const read = (row: PreparedRow) => {
    const result: Record<string, unknown> = {};
    for (const { key, column, field } of columns) {
      const value = row[field];
      if (value === undefined) throw new Error(`prepared row has no field ${field}`);
      result[key] = value === null ? null : column.mapFromDriverValue(value);
    }
    return result as Omit<T["$inferSelect"], Omitted>;
  };
  return { list, read };
}
