/**
 * Scrip's Prometheus metrics (prom-client), all named `scrip_…`. Counters and histograms are fed in-process: by
 * scripts/server.ts (requests), by domain code through lib/observability/work-context.ts (owner changes,
 * checkouts, failures by error code, webhook attempts), by the job worker (job runs). The figures that live in
 * the database — connections, job queue depth and lag, webhook backlog, the last charging run, the last ledger
 * check — are read at scrape time (lib/observability/database-gauges.ts).
 *
 * The registry is kept on `globalThis` (Symbol.for), so the one process has one registry whichever bundle asks.
 */
import client, { type Registry } from "prom-client";
import { installInstruments } from "./work-context";

export interface ScripMetrics {
  registry: Registry;
  requestDuration: client.Histogram<"route" | "method" | "status_class">;
  ownerChanges: client.Counter;
  checkouts: client.Counter<"kind">;
  failures: client.Counter<"code">;
  webhookAttempts: client.Counter<"outcome">;
  jobRuns: client.Counter<"job" | "outcome">;
  jobDuration: client.Histogram<"job" | "outcome">;
}

const metricsKey = Symbol.for("scrip.metrics");

/** Request latency buckets, in seconds: from a cached page to a slow batch. */
const requestBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Job duration buckets, in seconds: from a purge with nothing to do to an hour-long charging run. */
const jobBuckets = [0.01, 0.05, 0.25, 1, 5, 15, 60, 300, 900, 1800, 3600];

function createMetrics(): ScripMetrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "scrip_" });
  const registers = [registry];
  return {
    registry,
    requestDuration: new client.Histogram({
      name: "scrip_http_request_duration_seconds",
      help: "HTTP request latency by route pattern, method and status class (2xx, 4xx, …)",
      labelNames: ["route", "method", "status_class"] as const,
      buckets: requestBuckets,
      registers,
    }),
    ownerChanges: new client.Counter({
      name: "scrip_owner_changes_total",
      help: "Coupon owner changes (accepted transfers) committed",
      registers,
    }),
    checkouts: new client.Counter({
      name: "scrip_checkouts_total",
      help: "Checkouts paid with coupons (kind: storefront or payment_request)",
      labelNames: ["kind"] as const,
      registers,
    }),
    failures: new client.Counter({
      name: "scrip_failures_total",
      help: "Requests and actions answered with an error, by error code (INTERNAL: unexpected)",
      labelNames: ["code"] as const,
      registers,
    }),
    webhookAttempts: new client.Counter({
      name: "scrip_webhook_delivery_attempts_total",
      help: "Webhook delivery attempts by outcome (delivered, retrying, failed: given up)",
      labelNames: ["outcome"] as const,
      registers,
    }),
    jobRuns: new client.Counter({
      name: "scrip_job_runs_total",
      help: "Background job runs by job name and outcome (ok, failed)",
      labelNames: ["job", "outcome"] as const,
      registers,
    }),
    jobDuration: new client.Histogram({
      name: "scrip_job_duration_seconds",
      help: "Background job run duration by job name and outcome (the charging run is job=charging-run)",
      labelNames: ["job", "outcome"] as const,
      buckets: jobBuckets,
      registers,
    }),
  };
}

/** The process's metrics, created and wired to the work-context sink on first use. */
export function getMetrics(): ScripMetrics {
  const registry = globalThis as unknown as { [metricsKey]?: ScripMetrics };
  let metrics = registry[metricsKey];
  if (!metrics) {
    metrics = createMetrics();
    registry[metricsKey] = metrics;
    const m = metrics;
    installInstruments({
      sink: {
        ownerChanges: (count) => m.ownerChanges.inc(count),
        checkouts: (kind, count) => m.checkouts.inc({ kind }, count),
        failure: (code) => m.failures.inc({ code }),
        webhookAttempt: (outcome) => m.webhookAttempts.inc({ outcome }),
      },
    });
  }
  return metrics;
}

/** `2xx`, `4xx`, … for an HTTP status. */
export function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}
