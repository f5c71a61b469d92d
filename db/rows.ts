import type { SQL } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "./client";

const bigint = z.union([z.string(), z.number(), z.bigint()]).transform((value, context) => {
  try {
    return BigInt(value);
  } catch {
    context.addIssue({ code: "custom", message: `not an integer: ${String(value)}` });
    return z.NEVER;
  }
});

const date = z.union([z.date(), z.string()]).transform((value, context) => {
  const parsed = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(parsed.getTime())) {
    context.addIssue({ code: "custom", message: `not a time: ${String(value)}` });
    return z.NEVER;
  }
  return parsed;
});

/**
 * Column types of raw SQL rows as the `postgres` driver returns them, mapped to what the domain uses: money and
 * other int8 values (and `numeric` sums cast to text) come back as text and become `bigint`; timestamps become
 * `Date` whether the driver parsed them or not; counts (`count(*)::int`) are numbers. Each schema refuses
 * anything else, so a renamed or retyped column fails the query's test instead of reaching a person as
 * `undefined` or `NaN`.
 */
export const column = {
  text: z.string(),
  textOrNull: z.string().nullable(),
  int: z.coerce.number().int(),
  intOrNull: z.coerce.number().int().nullable(),
  bigint,
  bigintOrNull: bigint.nullable(),
  boolean: z.boolean(),
  booleanOrNull: z.boolean().nullable(),
  date,
  dateOrNull: date.nullable(),
  /** A `text[]` column: the driver returns an array of strings. */
  textArray: z.array(z.string()),
  textArrayOrNull: z.array(z.string()).nullable(),
  /** A `bytea` column: the driver returns a Buffer. */
  bytesOrNull: z.instanceof(Buffer).nullable(),
  /** A PostgreSQL enum (or text) column that holds one of `values`. */
  oneOf: <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values),
  /** A `json_agg` of objects (each parsed by `shape`), e.g. per-currency totals built in the query. */
  listOf: <Shape extends z.ZodRawShape>(shape: Shape) => z.array(z.object(shape)),
};

export const nullable = <T extends z.ZodType>(type: T) => type.nullable();

/** The parsed row of a shape: what `queryRows(db, shape, …)` returns one of. */
export type RowOf<Shape extends z.ZodRawShape> = z.output<z.ZodObject<Shape>>;

/** Raised when a row does not have the shape its query promised: a programming error, never a person's. */
export class RowShapeError extends Error {
  constructor(issues: string) {
    super(`a raw SQL row does not match its schema: ${issues}`);
    this.name = "RowShapeError";
  }
}

/** One compiled object schema per shape (shapes are module constants), so a query never rebuilds its schema. */
const schemas = new WeakMap<z.ZodRawShape, z.ZodObject>();

function schemaOf<Shape extends z.ZodRawShape>(shape: Shape): z.ZodObject<Shape> {
  let schema = schemas.get(shape);
  if (!schema) {
    schema = z.object(shape);
    schemas.set(shape, schema);
  }
  return schema as z.ZodObject<Shape>;
}

/** A function that parses one raw row by `shape`, throwing RowShapeError when it does not match. */
export function rowParser<Shape extends z.ZodRawShape>(shape: Shape): (row: unknown) => RowOf<Shape> {
  const schema = schemaOf(shape);
  return (row) => {
    const result = schema.safeParse(row);
    if (!result.success) throw new RowShapeError(z.prettifyError(result.error));
    return result.data;
  };
}

/**
 * Runs a raw SQL query and returns its rows parsed by `shape` (an object of `column` types, one per selected
 * column, by the name the SQL gives it). Use it for every `db.execute` whose rows are read: the row type comes
 * from the schema, never from a hand-written generic. Declare the shape once, outside the function.
 */
export async function queryRows<Shape extends z.ZodRawShape>(
  db: DbOrTx,
  shape: Shape,
  query: SQL,
): Promise<z.output<z.ZodObject<Shape>>[]> {
  const parse = rowParser(shape);
  const rows = await db.execute(query);
  return Array.from(rows, parse);
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
