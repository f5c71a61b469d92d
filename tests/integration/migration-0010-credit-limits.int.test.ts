/**
 * Migration 0010 moves each party's single credit limit (one number applied to every currency) to
 * party_credit_limits: the same number for each currency the party has used, and for EUR. This replays that
 * data step of the migration file against a party that still has the old column.
 */
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { insertAccount, insertParty } from "../support/schema-fixtures";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.destroy();
});

it("keeps an old limit for every currency the party used, and for EUR; parties without one get no rows", async () => {
  const file = path.resolve(import.meta.dirname, "../../db/migrations/0010_currency_limits_dual_control.sql");
  const step = fs
    .readFileSync(file, "utf8")
    .split("--> statement-breakpoint")
    .find((part) => part.includes('INSERT INTO "party_credit_limits"'));
  expect(step).toBeDefined();
  const limited = await insertParty(t.db);
  const unlimited = await insertParty(t.db);
  await insertAccount(t.db, { kind: "party", partyId: limited, currency: "JPY" });
  await insertAccount(t.db, { kind: "party", partyId: unlimited, currency: "USD" });
  await t.db
    .transaction(async (tx) => {
      await tx.execute(sql`alter table parties add column credit_limit_minor bigint`);
      await tx.execute(sql`update parties set credit_limit_minor = 5000 where id = ${limited}`);
      await tx.execute(sql.raw(step as string));
      const rows = await tx.execute<{ party_id: string; currency: string; limit_minor: string }>(
        sql`select party_id, currency, limit_minor::text from party_credit_limits order by currency`,
      );
      expect(rows).toEqual([
        { party_id: limited, currency: "EUR", limit_minor: "5000" },
        { party_id: limited, currency: "JPY", limit_minor: "5000" },
      ]);
      tx.rollback();
    })
    .catch((error: unknown) => {
      if (!(error instanceof Error && /rollback/i.test(error.message))) throw error;
    });
});
