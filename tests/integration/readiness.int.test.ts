/**
 * `/api/ready`'s check against real PostgreSQL: ready only on a writable database with every migration of the
 * journal applied.
 */
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import journal from "../../db/migrations/meta/_journal.json";
import * as schema from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { checkReadiness } from "../../lib/health/check-readiness";

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase({ max: 2 });
});
afterAll(async () => {
  await t?.destroy();
});

describe("[ready] readiness", () => {
  it("is ready on a migrated, writable database", async () => {
    expect(await checkReadiness(() => t.db, journal)).toEqual({ ready: true });
  });

  it("is not ready while a migration of the journal is not applied, and ready again once it is", async () => {
    const newest = journal.entries[journal.entries.length - 1];
    if (!newest) throw new Error("the journal lists no migrations");
    const [row] = await t.sql<{ id: number; hash: string; created_at: string }[]>`
      delete from drizzle.__drizzle_migrations where created_at = ${newest.when} returning id, hash, created_at::text`;
    expect(row).toBeDefined();
    try {
      const readiness = await checkReadiness(() => t.db, journal);
      expect(readiness).toEqual({
        ready: false,
        reason: `1 database migration(s) not applied yet (newest missing: ${newest.tag}).`,
      });
    } finally {
      await t.sql`insert into drizzle.__drizzle_migrations (id, hash, created_at)
        values (${row?.id ?? 0}, ${row?.hash ?? ""}, ${row?.created_at ?? "0"})`;
    }
    expect(await checkReadiness(() => t.db, journal)).toEqual({ ready: true });
    // A build newer than the database (a migration it ships that nobody applied) is not ready either.
    const ahead = { entries: [...journal.entries, { tag: "9999_from_the_future", when: newest.when + 1 }] };
    expect(await checkReadiness(() => t.db, ahead)).toMatchObject({
      ready: false,
      reason: expect.stringContaining("9999_from_the_future"),
    });
  });

  it("is not ready when the pool's connections are read-only", async () => {
    const readOnly = postgres(t.url, {
      max: 1,
      onnotice: () => {},
      connection: { default_transaction_read_only: true },
    });
    try {
      const db = drizzle(readOnly, { schema });
      expect(await checkReadiness(() => db, journal)).toEqual({
        ready: false,
        reason: "The database is read-only.",
      });
    } finally {
      await readOnly.end({ timeout: 5 });
    }
  });

  it("is not ready, without throwing, when the database does not answer or no pool can be opened", async () => {
    const nowhere = postgres("postgres://scrip@127.0.0.1:1/scrip", { max: 1, connect_timeout: 2 });
    try {
      const db = drizzle(nowhere, { schema });
      expect(await checkReadiness(() => db, journal)).toMatchObject({
        ready: false,
        reason: expect.stringMatching(/^The database does not answer/),
      });
    } finally {
      await nowhere.end({ timeout: 1 });
    }
    const unset = () => {
      throw new Error("DATABASE_URL is not set");
    };
    expect(await checkReadiness(unset, journal)).toEqual({
      ready: false,
      reason: "The database does not answer: DATABASE_URL is not set",
    });
  });
});
