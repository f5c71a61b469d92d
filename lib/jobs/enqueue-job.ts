import PgBoss from "pg-boss";
import { directDatabaseUrl } from "@/db/connection-settings";
import { bossOptions } from "./start-job-worker";

const globalForJobs = globalThis as unknown as { scripJobSender?: Promise<PgBoss> };

/**
 * A send-only pg-boss client on DATABASE_DIRECT_URL (else DATABASE_URL; no maintenance, no schedules: the worker
 * does those).
 */
function sender(): Promise<PgBoss> {
  if (!globalForJobs.scripJobSender) {
    const url = directDatabaseUrl();
    if (!url) throw new Error("DATABASE_URL is not set: start Scrip with `npm start`, which provides one.");
    const boss = new PgBoss({
      ...bossOptions(url, 2).options,
      supervise: false,
      schedule: false,
      migrate: false,
    });
    boss.on("error", () => {});
    globalForJobs.scripJobSender = boss.start().catch((error: unknown) => {
      globalForJobs.scripJobSender = undefined;
      throw error;
    });
  }
  return globalForJobs.scripJobSender;
}

/**
 * Enqueues one job for the worker (the queue must be one of lib/jobs/job-definitions.ts). `singletonKey`
 * collapses duplicates while one is queued; `startAfter` delays it. Returns the job id, or null when a
 * singleton was already queued.
 */
export async function enqueueJob(
  name: string,
  data: Record<string, unknown> = {},
  options: { singletonKey?: string; startAfter?: Date; retryLimit?: number } = {},
): Promise<string | null> {
  const boss = await sender();
  const sendOptions: PgBoss.SendOptions = {};
  if (options.singletonKey) sendOptions.singletonKey = options.singletonKey;
  if (options.startAfter) sendOptions.startAfter = options.startAfter;
  if (options.retryLimit !== undefined) sendOptions.retryLimit = options.retryLimit;
  return boss.send(name, data, sendOptions);
}
