import { getTableColumns, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { DbOrTx } from "./client";

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
  const all: Record<string, PgColumn> = getTableColumns(table);
  const selected = Object.fromEntries(columns.map((name) => [name, all[name] as PgColumn]));
  const rows = await db
    .select(selected)
    .from(table as PgTable)
    .where(page.where)
    .orderBy(...page.orderBy)
    .limit(page.limit);
  return rows as Pick<T["$inferSelect"], K>[];
}
