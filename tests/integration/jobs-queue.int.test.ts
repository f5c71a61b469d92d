import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { systemActor } from "../../lib/auth/actor";
import { chargingCron, latestPeriodEnd } from "../../lib/charging/charging-schedule";
import { runCharging } from "../../lib/charging/run-charging";
import { newId } from "../../lib/ids";
import { enqueueJob } from "../../lib/jobs/enqueue-job";
import { jobDefinitions } from "../../lib/jobs/job-definitions";
import { purgeChallenges } from "../../lib/jobs/purge-challenges";
import { purgeIdempotencyKeys } from "../../lib/jobs/purge-idempotency-keys";
import { purgeRateLimits } from "../../lib/jobs/purge-rate-limits";
import { runScheduledCharging } from "../../lib/jobs/run-scheduled-charging";
import { type JobWorker, startJobWorker } from "../../lib/jobs/start-job-worker";
import { createTestShop } from "../support/auth-sessions";
import {
  createUsers,
  expectLedgerClean,
  issueTestCoupon,
  offerTestCoupon,
  setupCouponEnvironment,
} from "../support/coupon-fixtures";
import type { TestUser } from "../support/identity";

let t: TestDatabase;
let worker: JobWorker | undefined;

beforeAll(async () => {
  setupCouponEnvironment();
  t = await createTestDatabase();
});
afterAll(async () => {
  await worker?.stop();
  await t?.destroy();
});

/** Polls until `probe` returns a value (the worker runs asynchronously); fails after ~30 s. */
async function eventually<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (let attempt = 0; attempt < 300; attempt++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the job never ran");
}

describe("the job queue", () => {
  it("schedules every job, runs enqueued jobs with their data, and runs the real expiry job", async () => {
    const seen: Record<string, unknown>[] = [];
    const definitions = [
      ...jobDefinitions({ SCRIP_CHARGING_SCHEDULE: "weekly" }),
      {
        name: "test-echo",
        run: async (_db: unknown, data: Record<string, unknown>) => {
          seen.push(data);
          return { ok: true };
        },
      },
    ];
    // An offer already past its expiry: the expire-transfers job (enqueued at start) must expire it.
    const [alice, bob] = (await createUsers(t.db, 2)) as [TestUser, TestUser];
    const coupon = await issueTestCoupon(t.db, alice);
    const offer = await offerTestCoupon(t.db, alice, coupon, { partyId: bob.partyId });
    await t.sql.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      await tx`update transfers set expires_at = now() - interval '1 second' where id = ${offer.transferId}`;
    });
    worker = await startJobWorker({ databaseUrl: t.url, db: t.db, definitions, pollingIntervalSeconds: 0.5 });
    const schedules = await worker.boss.getSchedules();
    expect(schedules.map((s) => s.name).sort()).toEqual(
      definitions
        .filter((d) => "cron" in d && d.cron)
        .map((d) => d.name)
        .sort(),
    );
    expect(schedules.find((s) => s.name === "charging-run")?.cron).toBe(chargingCron("weekly"));
    process.env.DATABASE_URL = t.url;
    const id = await enqueueJob("test-echo", { hello: "world" });
    expect(id).toEqual(expect.any(String));
    expect(await eventually(async () => seen[0])).toEqual({ hello: "world" });
    const status = await eventually(async () => {
      const [row] = await t.db.execute<{ status: string }>(
        sql`select status::text from transfers where id = ${offer.transferId}`,
      );
      return row?.status === "expired" ? row.status : undefined;
    });
    expect(status).toBe("expired");
    await expectLedgerClean(t.db);
  });
});

describe("housekeeping", () => {
  it("purges used and expired challenges, expired idempotency keys and stale rate-limit rows only", async () => {
    const past = new Date(Date.now() - 60_000).toISOString();
    const future = new Date(Date.now() + 600_000).toISOString();
    const ids = [newId("challenge"), newId("challenge"), newId("challenge")];
    await t.db.execute(sql`insert into webauthn_challenges (id, challenge, purpose, expires_at, consumed_at) values
      (${ids[0]}, ${ids[0]}, 'authentication', ${future}::timestamptz, now()),
      (${ids[1]}, ${ids[1]}, 'authentication', ${past}::timestamptz, null),
      (${ids[2]}, ${ids[2]}, 'authentication', ${future}::timestamptz, null)`);
    const shop = await createTestShop(t.db);
    await t.db.execute(sql`insert into idempotency_keys (shop_id, key, request_hash, expires_at) values
      (${shop.shopId}, 'old', 'h', ${past}::timestamptz), (${shop.shopId}, 'new', 'h', ${future}::timestamptz)`);
    await t.db.execute(sql`insert into rate_limits (key, window_start, count) values
      ('test:stale', now() - interval '2 days', 3), ('test:fresh', now(), 1)`);
    expect((await purgeChallenges(t.db)).deleted).toBeGreaterThanOrEqual(2);
    const left = await t.db.execute<{ id: string }>(
      sql`select id from webauthn_challenges where id in (${ids[0]}, ${ids[1]}, ${ids[2]})`,
    );
    expect(left.map((row) => row.id)).toEqual([ids[2]]);
    expect(await purgeIdempotencyKeys(t.db)).toEqual({ deleted: 1 });
    expect(await purgeRateLimits(t.db)).toEqual({ deleted: 1 });
    const keys = await t.db.execute<{ key: string }>(
      sql`select key from rate_limits where key like 'test:%'`,
    );
    expect(keys.map((row) => row.key)).toEqual(["test:fresh"]);
  });

  it("runs scheduled charging for the latest closed period once, and skips periods already reached", async () => {
    const now = new Date();
    const first = await runScheduledCharging(t.db, { schedule: "daily", now });
    expect(first).toMatchObject({ created: true, periodEnd: latestPeriodEnd("daily", now) });
    expect(await runScheduledCharging(t.db, { schedule: "daily", now })).toMatchObject({ skipped: true });
    // A weekly or monthly period that ends before the latest run is skipped too.
    expect(await runScheduledCharging(t.db, { schedule: "monthly", now })).toMatchObject({ skipped: true });
    // An admin closing today early also satisfies the daily schedule until tomorrow.
    const tomorrow = new Date(latestPeriodEnd("daily", now).getTime() + 86_400_000);
    await runCharging(t.db, { actor: systemActor("test"), periodEnd: tomorrow, now });
    expect(await runScheduledCharging(t.db, { schedule: "daily", now })).toMatchObject({ skipped: true });
    await expectLedgerClean(t.db);
  });
});

describe("charging schedule", () => {
  it("ends periods at UTC midnights: today, the latest Monday, the first of the month", () => {
    const now = new Date(Date.UTC(2026, 10, 26, 15, 30)); // a Thursday
    expect(latestPeriodEnd("daily", now).toISOString()).toBe("2026-11-26T00:00:00.000Z");
    expect(latestPeriodEnd("weekly", now).toISOString()).toBe("2026-11-23T00:00:00.000Z");
    expect(latestPeriodEnd("monthly", now).toISOString()).toBe("2026-11-01T00:00:00.000Z");
    expect(() => jobDefinitions({ SCRIP_CHARGING_SCHEDULE: "hourly" })).toThrow(/SCRIP_CHARGING_SCHEDULE/);
  });
});

describe("the purge of live events", () => {
  it("deletes a backlog larger than twenty batches in one run, and keeps the events still within retention", async () => {
    // 120,000 events past the hour of retention (the old cap, 20 batches of 5,000, left 20,000 behind) and 3 recent.
    await t.db.execute(sql`insert into live_events (audience, topic, ref, created_at)
      select 'admin', 'transfer', '', now() - interval '2 hours' from generate_series(1, 120000)`);
    await t.db.execute(sql`insert into live_events (audience, topic, ref)
      select 'admin', 'transfer', 'recent' from generate_series(1, 3)`);
    const purge = jobDefinitions().find((definition) => definition.name === "purge-live-events");
    expect(purge).toBeDefined();
    const result = (await purge?.run(t.db, {})) as { deleted: number };
    expect(result.deleted).toBe(120_000);
    const left = await t.db.execute(
      sql`select ref from live_events where audience = 'admin' and topic = 'transfer'`,
    );
    expect(left.map((row) => row.ref)).toEqual(["recent", "recent", "recent"]);
  });
});
