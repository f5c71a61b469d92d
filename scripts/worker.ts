/**
 * The background job worker (pg-boss on Scrip's PostgreSQL): scheduled charging runs, expiry of transfers and
 * coupons, and housekeeping purges. `npm start` runs it as a child process; it can also run on its own:
 *   DATABASE_URL=… node --conditions=react-server --import tsx scripts/worker.ts
 * It connects directly (DATABASE_DIRECT_URL, else DATABASE_URL; multi-host welcome), with the jobs' statement
 * timeout (SCRIP_DB_JOB_STATEMENT_TIMEOUT_MS), and follows a failover without a restart.
 * Each job run is one JSON log line on stdout (job, jobId, outcome, durationMs; with SCRIP_JOBS_LOG=1 also its
 * result), and the worker serves its own Prometheus metrics (job runs and durations, the charging run's among
 * them) on 127.0.0.1:SCRIP_WORKER_METRICS_PORT (default 9465; 0 or `off`: none; host SCRIP_METRICS_HOST). The
 * database-held gauges (queue depth and lag, backlog…) are served by the web server's listener only, once.
 * SIGTERM/SIGINT finish the running jobs, then exit.
 */
import { openDatabase } from "../db/client";
import { directDatabaseUrl } from "../db/connection-settings";
import { chargingScheduleFromEnv } from "../lib/charging/charging-schedule";
import { startJobWorker } from "../lib/jobs/start-job-worker";
import { getLogger } from "../lib/observability/logger";
import { getMetrics } from "../lib/observability/metrics";
import { metricsPort, startMetricsServer } from "../lib/observability/metrics-server";
import { observeJob } from "../lib/observability/observe-job";
import { requireDeploymentSecrets } from "./dev-secrets";

const logger = getLogger().child({ process: "jobs" });

async function main(): Promise<void> {
  const databaseUrl = directDatabaseUrl();
  if (!databaseUrl) throw new Error("DATABASE_URL is not set");
  // Started on its own next to a real database, the worker must not generate secrets either (npm start passes
  // it the ones it has, generated only for the embedded demo database).
  requireDeploymentSecrets(process.env);
  const schedule = chargingScheduleFromEnv();
  const metrics = getMetrics();
  const port = metricsPort(process.env.SCRIP_WORKER_METRICS_PORT, 9465, "SCRIP_WORKER_METRICS_PORT");
  if (port !== null) {
    await startMetricsServer({
      port,
      host: process.env.SCRIP_METRICS_HOST || "127.0.0.1",
      variable: "SCRIP_WORKER_METRICS_PORT",
      logger,
      render: async () => ({
        contentType: metrics.registry.contentType,
        body: await metrics.registry.metrics(),
      }),
    });
  }
  const database = openDatabase(databaseUrl, { max: 4, purpose: "jobs" });
  const logResult = process.env.SCRIP_JOBS_LOG === "1";
  const worker = await startJobWorker({
    databaseUrl,
    db: database.db,
    log: (message) => logger.warn(message),
    observe: (job, run) => observeJob(logger, job, run, { logResult }),
  });
  logger.info({ chargingSchedule: schedule }, `worker started (charging schedule: ${schedule})`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await worker.stop().catch((error: unknown) => logger.error({ err: error }, "stop failed"));
    await database.close();
    logger.flush();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
}

main().catch((error: unknown) => {
  logger.fatal(
    { err: error },
    `worker could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  logger.flush();
  process.exit(1);
});
