import "server-only";
/** The constraint a PostgreSQL unique violation (23505) names, looking inside Drizzle's wrapper; else null. */
export function uniqueViolationOf(error: unknown): string | null {
  let current = error as { code?: string; constraint_name?: string; cause?: unknown } | undefined;
  for (let depth = 0; current && depth < 5; depth++) {
    if (current.code === "23505") return current.constraint_name ?? "";
    current = current.cause as typeof current;
  }
  return null;
}
