/**
 * The gauges the metrics endpoint reads from the database at scrape time, against real PostgreSQL: job queue
 * depth and lag (pg-boss), webhook backlog, the last charging run, the last ledger check, connections.
 */
import { eq, sql } from "drizzle-orm";
import PgBoss from "pg-boss";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chargingRuns, webhookMessages } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { systemActor } from "../../lib/auth/actor";
import { newId } from "../../lib/ids";
import { jobDefinitions, ledgerCheckCron } from "../../lib/jobs/job-definitions";
import { bossOptions } from "../../lib/jobs/start-job-worker";
import { checkLedger } from "../../lib/ledger/check-ledger";
import { recordLedgerCheck } from "../../lib/ledger/record-ledger-check";
import { readDatabaseFigures, registerDatabaseGauges } from "../../lib/observability/database-gauges";
import { createWebhookEndpoint } from "../../lib/webhooks/create-webhook-endpoint";
import { enqueueWebhookEvent } from "../../lib/webhooks/enqueue-webhook-event";
import { createTestShop } from "../support/auth-sessions";
import { setupCouponEnvironment } from "../support/coupon-fixtures";

let t: TestDatabase;

beforeAll(async () => {
  setupCouponEnvironment();
  process.env.SCRIP_WEBHOOK_ALLOW_ADDRESSES = "loopback";
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.destroy();
});

describe("[metrics] gauges read from the database", () => {
  it("report the job queue, the webhook backlog, the last charging run and the last ledger check", async () => {
    const empty = await readDatabaseFigures(t.db);
    expect(empty.ledgerCheck).toBeNull();
    expect(empty.chargingRun).toBeNull();
    expect(empty.webhooks).toEqual({ pending: 0, failed: 0, oldestPendingSeconds: 0 });

    // pg-boss's tables and one job waiting in a queue nobody works.
    const { options, database } = bossOptions(t.url);
    const boss = new PgBoss(options);
    boss.on("error", () => {});
    await boss.start();
    try {
      await boss.createQueue("metrics-probe");
      await boss.send("metrics-probe", {}, { startAfter: new Date(Date.now() - 60_000) });
    } finally {
      await boss.stop({ graceful: false, wait: true, timeout: 5_000 });
      await database.close();
    }
    // Two webhook messages for a shop's endpoint: one pending, one given up.
    const shop = await createTestShop(t.db);
    const endpoint = await createWebhookEndpoint(t.db, systemActor("test"), {
      shopId: shop.shopId,
      url: "http://127.0.0.1:9/hook",
      eventTypes: ["transfer.accepted"],
    });
    for (let i = 0; i < 2; i++) {
      await t.db.transaction((tx) =>
        enqueueWebhookEvent(tx, {
          shopId: shop.shopId,
          type: "transfer.accepted",
          data: { transferId: `trf_${i}`, couponId: "cpn_x", amountMinor: "100", currency: "EUR" },
        }),
      );
    }
    const [given] = await t.db
      .select({ id: webhookMessages.id })
      .from(webhookMessages)
      .where(eq(webhookMessages.endpointId, endpoint.id))
      .limit(1);
    await t.db
      .update(webhookMessages)
      .set({ status: "failed" })
      .where(eq(webhookMessages.id, given?.id ?? ""));
    await t.db.execute(
      sql`update webhook_messages set created_at = now() - interval '90 seconds' where status = 'pending'`,
    );
    // A charging run that took 42 seconds, and a ledger check (clean) recorded as `npm run ledger:check` does.
    const completedAt = new Date(Date.UTC(2026, 0, 2, 0, 0, 42));
    await t.db.insert(chargingRuns).values({
      id: newId("chargingRun"),
      periodStart: new Date(Date.UTC(2025, 11, 1)),
      periodEnd: new Date(Date.UTC(2026, 0, 1)),
      startedAt: new Date(Date.UTC(2026, 0, 2)),
      completedAt,
    });
    const checkedAt = new Date(Date.UTC(2026, 0, 3));
    await recordLedgerCheck(t.db, { violations: await checkLedger(t.db), source: "command", checkedAt });

    const figures = await readDatabaseFigures(t.db);
    expect(figures.jobQueues).toContainEqual({ queue: "metrics-probe", state: "created", count: 1 });
    const lag = figures.jobLag?.find((row) => row.queue === "metrics-probe");
    expect(lag?.seconds).toBeGreaterThanOrEqual(59);
    expect(figures.webhooks.pending).toBe(1);
    expect(figures.webhooks.failed).toBe(1);
    expect(figures.webhooks.oldestPendingSeconds).toBeGreaterThanOrEqual(89);
    expect(figures.chargingRun).toEqual({ durationSeconds: 42, completedAt });
    expect(figures.ledgerCheck).toEqual({ violations: 0, checkedAt });
    // This test's own pool is connected, under postgres.js's default application name.
    expect(figures.connections.some((row) => row.count > 0)).toBe(true);

    // A newer check with violations replaces the last result.
    const later = new Date(Date.UTC(2026, 0, 4));
    await recordLedgerCheck(t.db, {
      violations: [
        { invariant: 2, message: "x", rows: [] },
        { invariant: 5, message: "y", rows: [] },
      ],
      source: "admin",
      checkedAt: later,
    });

    const registry = new Registry();
    registerDatabaseGauges(registry, () => t.db);
    const text = await registry.metrics();
    expect(text).toContain('scrip_job_queue_depth{queue="metrics-probe",state="created"} 1');
    // A state with nothing in it reads 0, not absent.
    expect(text).toContain('scrip_job_queue_depth{queue="metrics-probe",state="active"} 0');
    expect(text).toMatch(/scrip_job_queue_lag_seconds\{queue="metrics-probe"\} (59|[6-9]\d|\d{3,})/);
    expect(text).toContain('scrip_webhook_backlog{status="pending"} 1');
    expect(text).toContain('scrip_webhook_backlog{status="failed"} 1');
    expect(text).toContain("scrip_charging_run_last_duration_seconds 42");
    expect(text).toContain(
      `scrip_charging_run_last_completed_timestamp_seconds ${completedAt.getTime() / 1000}`,
    );
    expect(text).toContain("scrip_ledger_check_violations 2");
    expect(text).toContain(`scrip_ledger_check_timestamp_seconds ${later.getTime() / 1000}`);
    // The pool names itself (db/connection-settings.ts), and the connection reading the gauges is active.
    expect(text).toMatch(/scrip_db_connections\{application="scrip-app",state="active"\} [1-9]/);
    expect(text).toContain("scrip_metrics_query_failures_total 0");
  });

  it("leave the ledger and charging gauges out (not 0) before anything was recorded, and count a failed read", async () => {
    const fresh = await createTestDatabase({ max: 2 });
    try {
      const registry = new Registry();
      registerDatabaseGauges(registry, () => fresh.db);
      const text = await registry.metrics();
      expect(text).not.toMatch(/^scrip_ledger_check_violations /m);
      expect(text).not.toMatch(/^scrip_charging_run_last_duration_seconds /m);
      expect(text).toContain('scrip_webhook_backlog{status="pending"} 0');
    } finally {
      await fresh.destroy();
    }
    const broken = new Registry();
    registerDatabaseGauges(broken, () => {
      throw new Error("no database");
    });
    const text = await broken.metrics();
    expect(text).toContain("scrip_metrics_query_failures_total 1");
    expect(text).not.toMatch(/^scrip_webhook_backlog\{/m);
  });

  it("get a fresh ledger check result from the worker's daily ledger-check job", async () => {
    expect(ledgerCheckCron({})).toBe("47 3 * * *");
    expect(ledgerCheckCron({ SCRIP_LEDGER_CHECK_CRON: "*/30 * * * *" })).toBe("*/30 * * * *");
    expect(ledgerCheckCron({ SCRIP_LEDGER_CHECK_CRON: "off" })).toBeUndefined();
    const job = jobDefinitions({}).find((definition) => definition.name === "ledger-check");
    if (!job) throw new Error("no ledger-check job");
    const before = Date.now();
    expect(await job.run(t.db, {})).toEqual({ violations: 0 });
    const figures = await readDatabaseFigures(t.db);
    expect(figures.ledgerCheck?.violations).toBe(0);
    expect(figures.ledgerCheck?.checkedAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    const [row] = await t.sql<{ source: string }[]>`
      select source from ledger_check_results order by checked_at desc, id desc limit 1`;
    expect(row?.source).toBe("job");
  });
});
