import type { SQL } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "./client";

/**
 * Column types of raw SQL rows as the `postgres` driver returns them, mapped to what the domain uses: money and
 * other int8 values come back as text and become `bigint`; timestamps become `Date` whether the driver parsed
 * them or not; counts (`count(*)::int`) are numbers. Each schema refuses anything else, so a renamed or retyped
 * column fails the query's test instead of reaching a person as `undefined` or `NaN`.
 */
export const column = {
  text: z.string(),
  textOrNull: z.string().nullable(),
  int: z.coerce.number().int(),
  intOrNull: z.coerce.number().int().nullable(),
  bigint: z.union([z.string(), z.number(), z.bigint()]).transform((value, context) => {
    try {
      return BigInt(value);
    } catch {
      context.addIssue({ code: "custom", message: `not an integer: ${String(value)}` });
      return z.NEVER;
    }
  }),
  boolean: z.boolean(),
  date: z.union([z.date(), z.string()]).transform((value, context) => {
    const date = value instanceof Date ? value : new Date(value);
    if (Number.isNaN(date.getTime())) {
      context.addIssue({ code: "custom", message: `not a time: ${String(value)}` });
      return z.NEVER;
    }
    return date;
  }),
};

export const nullable = <T extends z.ZodType>(type: T) => type.nullable();

/** Raised when a row does not have the shape its query promised: a programming error, never a person's. */
export class RowShapeError extends Error {
  constructor(issues: string) {
    super(`a raw SQL row does not match its schema: ${issues}`);
    this.name = "RowShapeError";
  }
}

/**
 * Runs a raw SQL query and returns its rows parsed by `shape` (an object of `column` types, one per selected
 * column, by the name the SQL gives it). Use it for every `db.execute`: the row type comes from the schema,
 * never from a hand-written generic.
 */
export async function queryRows<Shape extends z.ZodRawShape>(
  db: DbOrTx,
  shape: Shape,
  query: SQL,
): Promise<z.output<z.ZodObject<Shape>>[]> {
  const rows = await db.execute(query);
  const parsed = z.array(z.object(shape)).safeParse(Array.from(rows));
  if (!parsed.success) throw new RowShapeError(z.prettifyError(parsed.error));
  return parsed.data;
}

/** `queryRows` for a query that returns at most one row: that row, or undefined. */
export async function queryRow<Shape extends z.ZodRawShape>(
  db: DbOrTx,
  shape: Shape,
  query: SQL,
): Promise<z.output<z.ZodObject<Shape>> | undefined> {
  const rows = await queryRows(db, shape, query);
  if (rows.length > 1) throw new RowShapeError(`expected at most one row, got ${rows.length}`);
  return rows[0];
}
