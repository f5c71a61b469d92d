/**
 * The background job worker (pg-boss on Scrip's PostgreSQL): scheduled charging runs, expiry of transfers and
 * coupons, and housekeeping purges. `npm start` runs it as a child process; it can also run on its own:
 *   DATABASE_URL=… node --conditions=react-server --import tsx scripts/worker.ts
 * It connects directly (DATABASE_DIRECT_URL, else DATABASE_URL; multi-host welcome), with the jobs' statement
 * timeout (SCRIP_DB_JOB_STATEMENT_TIMEOUT_MS), and follows a failover without a restart.
 * SIGTERM/SIGINT finish the running jobs, then exit.
 */
import { openDatabase } from "../db/client";
import { directDatabaseUrl } from "../db/connection-settings";
import { chargingScheduleFromEnv } from "../lib/charging/charging-schedule";
import { startJobWorker } from "../lib/jobs/start-job-worker";
import { requireDeploymentSecrets } from "./dev-secrets";

async function main(): Promise<void> {
  const databaseUrl = directDatabaseUrl();
  if (!databaseUrl) throw new Error("DATABASE_URL is not set");
  // Started on its own next to a real database, the worker must not generate secrets either (npm start passes
  // it the ones it has, generated only for the embedded demo database).
  requireDeploymentSecrets(process.env);
  const schedule = chargingScheduleFromEnv();
  const database = openDatabase(databaseUrl, { max: 4, purpose: "jobs" });
  const verbose = process.env.SCRIP_JOBS_LOG === "1";
  const worker = await startJobWorker({
    databaseUrl,
    db: database.db,
    log: (message) => {
      if (verbose || message.includes("error")) console.log(`[jobs] ${message}`);
    },
  });
  console.log(`[jobs] worker started (charging schedule: ${schedule})`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await worker.stop().catch((error: unknown) => console.error("[jobs] stop failed:", error));
    await database.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
}

main().catch((error: unknown) => {
  console.error(`[jobs] worker could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
