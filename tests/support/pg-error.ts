import { expect } from "vitest";

interface PgErrorShape {
  code?: string;
  constraint_name?: string;
  message?: string;
  cause?: unknown;
}

/** Finds the PostgreSQL error inside whatever Drizzle wrapped it in. */
export function pgErrorOf(error: unknown): PgErrorShape | undefined {
  let current = error as PgErrorShape | undefined;
  for (let depth = 0; current && depth < 5; depth++) {
    if (typeof current.code === "string" && /^[0-9A-Z]{5}$/.test(current.code)) return current;
    current = current.cause as PgErrorShape | undefined;
  }
  return undefined;
}

/** Asserts that `action` fails with the given SQLSTATE (and constraint or message fragment, when given). */
export async function expectPgError(
  action: () => Promise<unknown>,
  expected: { code: string; constraint?: string; message?: RegExp },
): Promise<void> {
  let caught: unknown;
  try {
    await action();
  } catch (error) {
    caught = error;
  }
  expect(caught, "expected the database to refuse the change").toBeDefined();
  const pg = pgErrorOf(caught);
  expect(pg?.code, String(caught)).toBe(expected.code);
  if (expected.constraint) expect(pg?.constraint_name).toBe(expected.constraint);
  if (expected.message) expect(pg?.message).toMatch(expected.message);
}
