/**
 * The figures that live in the database, read when Prometheus scrapes (never on a timer): connections by
 * application and state (pg_stat_activity, the honest measure of pool use — postgres.js keeps no public pool
 * statistics), the job queue's depth and lag (pg-boss's table), the webhook backlog, the last charging run's
 * duration, and the last ledger check's result (ledger_check_results). Each scrape runs these few small
 * queries once (a scrape within a second of another reuses its answer); a query that fails (pg-boss not
 * installed, a database down) leaves its gauges out of that scrape and counts in `scrip_metrics_query_failures_total`.
 */
import { sql } from "drizzle-orm";
import client, { type Registry } from "prom-client";
import type { DbOrTx } from "@/db/client";

export interface DatabaseFigures {
  connections: { application: string; state: string; count: number }[];
  /** Jobs waiting or running per queue and state (created, retry, active; 0 included); null without pg-boss. */
  jobQueues: { queue: string; state: string; count: number }[] | null;
  /** Seconds the oldest job due to start has waited, per queue with any (0 if none is late). */
  jobLag: { queue: string; seconds: number }[] | null;
  webhooks: { pending: number; failed: number; oldestPendingSeconds: number };
  chargingRun: { durationSeconds: number; completedAt: Date } | null;
  ledgerCheck: { violations: number; checkedAt: Date } | null;
}

const rows = <T>(result: unknown) => result as T[];

/** Reads every database-held figure the metrics export, in a handful of queries. */
export async function readDatabaseFigures(db: DbOrTx): Promise<DatabaseFigures> {
  const connections = rows<{ application: string; state: string; count: number }>(
    await db.execute(sql`select coalesce(nullif(application_name, ''), 'unnamed') as application,
        coalesce(state, 'unknown') as state, count(*)::int as count
      from pg_stat_activity where datname = current_database() and backend_type = 'client backend'
      group by 1, 2 order by 1, 2`),
  );
  const [boss] = rows<{ present: boolean }>(
    await db.execute(sql`select to_regclass('pgboss.job') is not null as present`),
  );
  let jobQueues: DatabaseFigures["jobQueues"] = null;
  let jobLag: DatabaseFigures["jobLag"] = null;
  if (boss?.present) {
    // Every queue pg-boss knows, with 0 where nothing waits (an absent series would read as "no data").
    jobQueues = rows(
      await db.execute(sql`select q.name as queue, s.state::text as state, count(j.id)::int as count
        from pgboss.queue q
          cross join unnest(array['created', 'retry', 'active']::pgboss.job_state[]) as s(state)
          left join pgboss.job j on j.name = q.name and j.state = s.state
        group by 1, 2 order by 1, 2`),
    );
    jobLag = rows<{ queue: string; seconds: number }>(
      await db.execute(sql`select q.name as queue,
          coalesce(extract(epoch from now() - min(j.start_after)), 0)::float8 as seconds
        from pgboss.queue q
          left join pgboss.job j on j.name = q.name and j.state in ('created', 'retry') and j.start_after <= now()
        group by 1 order by 1`),
    );
  }
  const [webhooks] = rows<{ pending: number; failed: number; oldest: number }>(
    await db.execute(sql`select
        (select count(*)::int from webhook_messages where status = 'pending') as pending,
        (select count(*)::int from webhook_messages where status = 'failed') as failed,
        coalesce((select extract(epoch from now() - min(created_at))::float8
          from webhook_messages where status = 'pending'), 0) as oldest`),
  );
  const [run] = rows<{ seconds: number; completed_at: Date | string }>(
    await db.execute(sql`select extract(epoch from completed_at - started_at)::float8 as seconds, completed_at
      from charging_runs where completed_at is not null order by completed_at desc limit 1`),
  );
  const [check] = rows<{ violation_count: number; checked_at: Date | string }>(
    await db.execute(sql`select violation_count, checked_at from ledger_check_results
      order by checked_at desc, id desc limit 1`),
  );
  return {
    connections: connections.map((row) => ({ ...row, count: Number(row.count) })),
    jobQueues: jobQueues?.map((row) => ({ ...row, count: Number(row.count) })) ?? null,
    jobLag: jobLag?.map((row) => ({ queue: row.queue, seconds: Number(row.seconds) })) ?? null,
    webhooks: {
      pending: Number(webhooks?.pending ?? 0),
      failed: Number(webhooks?.failed ?? 0),
      oldestPendingSeconds: Number(webhooks?.oldest ?? 0),
    },
    chargingRun: run
      ? { durationSeconds: Number(run.seconds), completedAt: new Date(run.completed_at) }
      : null,
    ledgerCheck: check
      ? { violations: Number(check.violation_count), checkedAt: new Date(check.checked_at) }
      : null,
  };
}

/**
 * Registers the database gauges on `registry`, read from `db()` at scrape time. With several web processes
 * (node:cluster) each reads the same figures, so the primary keeps one value (aggregator `max`), not a sum.
 */
export function registerDatabaseGauges(registry: Registry, db: () => DbOrTx): void {
  let cached: { at: number; figures: Promise<DatabaseFigures | null> } | null = null;
  const queryFailures = new client.Counter({
    name: "scrip_metrics_query_failures_total",
    help: "Scrapes whose database figures could not be read (the gauges read from the database are then absent)",
    registers: [registry],
    // Read after this scrape's figures, so a failure shows in the scrape it happened in.
    async collect() {
      await figures();
    },
  });
  const figures = (): Promise<DatabaseFigures | null> => {
    const now = Date.now();
    if (!cached || now - cached.at > 1000) {
      cached = {
        at: now,
        figures: Promise.resolve()
          .then(() => readDatabaseFigures(db()))
          .catch(() => {
            queryFailures.inc();
            return null;
          }),
      };
    }
    return cached.figures;
  };
  const gauge = <L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    fill: (gauge: client.Gauge<L>, figures: DatabaseFigures) => void,
  ) =>
    new client.Gauge<L>({
      name,
      help,
      labelNames,
      aggregator: "max",
      registers: [registry],
      async collect() {
        // A gauge without labels would otherwise read 0 ("no violations") before anything was recorded: absent.
        this.reset();
        if (labelNames.length === 0) this.remove({} as client.LabelValues<L>);
        const read = await figures();
        if (read) fill(this, read);
      },
    });
  const seconds = (date: Date) => date.getTime() / 1000;
  gauge(
    "scrip_db_connections",
    "Connections to Scrip's database by application_name and state (pg_stat_activity)",
    ["application", "state"],
    (g, f) => {
      for (const row of f.connections) g.set({ application: row.application, state: row.state }, row.count);
    },
  );
  gauge(
    "scrip_job_queue_depth",
    "Jobs waiting or running, by queue and state",
    ["queue", "state"],
    (g, f) => {
      for (const row of f.jobQueues ?? []) g.set({ queue: row.queue, state: row.state }, row.count);
    },
  );
  gauge(
    "scrip_job_queue_lag_seconds",
    "How long the oldest due job of a queue has waited",
    ["queue"],
    (g, f) => {
      for (const row of f.jobLag ?? []) g.set({ queue: row.queue }, row.seconds);
    },
  );
  gauge(
    "scrip_webhook_backlog",
    "Webhook messages not delivered, by status (pending, failed)",
    ["status"],
    (g, f) => {
      g.set({ status: "pending" }, f.webhooks.pending);
      g.set({ status: "failed" }, f.webhooks.failed);
    },
  );
  gauge("scrip_webhook_oldest_pending_seconds", "Age of the oldest pending webhook message", [], (g, f) => {
    g.set(f.webhooks.oldestPendingSeconds);
  });
  gauge(
    "scrip_charging_run_last_duration_seconds",
    "Duration of the last completed charging run",
    [],
    (g, f) => {
      if (f.chargingRun) g.set(f.chargingRun.durationSeconds);
    },
  );
  gauge(
    "scrip_charging_run_last_completed_timestamp_seconds",
    "When the last charging run completed",
    [],
    (g, f) => {
      if (f.chargingRun) g.set(seconds(f.chargingRun.completedAt));
    },
  );
  gauge(
    "scrip_ledger_check_violations",
    "Invariants violated at the last ledger check (0: consistent)",
    [],
    (g, f) => {
      if (f.ledgerCheck) g.set(f.ledgerCheck.violations);
    },
  );
  gauge("scrip_ledger_check_timestamp_seconds", "When the last ledger check ran", [], (g, f) => {
    if (f.ledgerCheck) g.set(seconds(f.ledgerCheck.checkedAt));
  });
}
