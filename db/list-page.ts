import { getTableColumns, type InferColumnsDataTypes, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { DbOrTx } from "./client";

/** The columns of `table` named in `names`, as a select's fields. */
export function pickColumns<T extends PgTable, K extends keyof T["_"]["columns"] & string>(
  table: T,
  names: readonly K[],
): Pick<T["_"]["columns"], K> {
  const all: Record<string, PgColumn> = getTableColumns(table);
  return Object.fromEntries(names.map((name) => [name, all[name]])) as Pick<T["_"]["columns"], K>;
}

/**
 * One bounded page of a table: the columns named in `columns`, of the rows matching `where`, in `orderBy`
 * order, at most `limit` of them. Every list a page shows is bounded this way.
 */
export async function listPage<T extends PgTable, K extends keyof T["$inferSelect"] & string>(
  db: DbOrTx,
  table: T,
  columns: readonly K[],
  page: { where: SQL | undefined; orderBy: SQL[]; limit: number },
): Promise<Pick<T["$inferSelect"], K>[]> {
  const rows = await db
    .select(pickColumns(table, columns) as Record<string, PgColumn>)
    .from(table as PgTable)
    .where(page.where)
    .orderBy(...page.orderBy)
    .limit(page.limit);
  return rows as Pick<T["$inferSelect"], K>[];
}

/**
 * One bounded page of `from` joined (inner) with `join` on `on`: the `fields` named as their keys, of the rows
 * matching `where`, in `orderBy` order, at most `limit` of them.
 */
export async function listJoinedPage<F extends Record<string, PgColumn>>(
  db: DbOrTx,
  fields: F,
  page: { from: PgTable; join: PgTable; on: SQL; where: SQL; orderBy: SQL[]; limit: number },
): Promise<InferColumnsDataTypes<F>[]> {
  const rows = await db
    .select(fields as Record<string, PgColumn>)
    .from(page.from)
    .innerJoin(page.join, page.on)
    .where(page.where)
    .orderBy(...page.orderBy)
    .limit(page.limit);
  return rows as InferColumnsDataTypes<F>[];
}
