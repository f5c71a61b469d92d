interface PgErrorLike {
  code?: unknown;
  constraint_name?: string;
  cause?: unknown;
}

/** The first error in a `cause` chain (Drizzle wraps the driver's) that carries a PostgreSQL SQLSTATE. */
function pgErrorOf(error: unknown): (PgErrorLike & { code: string }) | undefined {
  let current = error as PgErrorLike | undefined;
  for (let depth = 0; current && depth < 5; depth++) {
    if (typeof current.code === "string" && /^[0-9A-Z]{5}$/.test(current.code))
      return current as PgErrorLike & { code: string };
    current = current.cause as PgErrorLike | undefined;
  }
  return undefined;
}

/** The SQLSTATE of a PostgreSQL error, looking inside Drizzle's wrapper; else undefined. */
export function sqlStateOf(error: unknown): string | undefined {
  return pgErrorOf(error)?.code;
}

/** The constraint a PostgreSQL unique violation (23505) names, looking inside Drizzle's wrapper; else null. */
export function uniqueViolationOf(error: unknown): string | null {
  const found = pgErrorOf(error);
  return found?.code === "23505" ? (found.constraint_name ?? "") : null;
}
