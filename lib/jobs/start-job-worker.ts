import PgBoss from "pg-boss";
import type { Db } from "@/db/client";
import { type BossDatabase, openBossDatabase } from "./boss-database";
import { type JobDefinition, jobDefinitions } from "./job-definitions";

/** pg-boss keeps its tables in this schema of Scrip's database. */
export const jobSchema = "pgboss";

export interface JobWorker {
  boss: PgBoss;
  stop: () => Promise<void>;
}

/**
 * pg-boss options shared by the worker and by senders: `databaseUrl` must reach PostgreSQL directly
 * (DATABASE_DIRECT_URL; may be multi-host), through the postgres.js adapter of boss-database.ts. Returns the
 * adapter too, for closing it after pg-boss stopped.
 */
export function bossOptions(
  databaseUrl: string,
  max = 4,
): { options: PgBoss.ConstructorOptions; database: BossDatabase } {
  const database = openBossDatabase(databaseUrl, { max });
  return {
    options: { db: database as unknown as PgBoss.Db, schema: jobSchema },
    database,
  };
}

/**
 * Starts the job worker on PostgreSQL (pg-boss): creates the queues, schedules the recurring jobs (cron, UTC;
 * pg-boss makes sure only one instance sends each scheduled job even when several workers run), works each
 * queue one job at a time, enqueues the catch-up jobs once and the sub-minute jobs every `everySeconds`. `onError` receives job failures.
 */
export async function startJobWorker(input: {
  databaseUrl: string;
  db: Db;
  definitions?: JobDefinition[];
  pollingIntervalSeconds?: number;
  log?: (message: string) => void;
  /** Runs each job (its name and id) around `run`: the worker's logging and metrics. */
  observe?: (job: { name: string; id: string }, run: () => Promise<unknown>) => Promise<unknown>;
}): Promise<JobWorker> {
  const log = input.log ?? (() => {});
  const { options, database } = bossOptions(input.databaseUrl);
  const boss = new PgBoss({ ...options, supervise: true, schedule: true });
  boss.on("error", (error: Error) => log(`job queue error: ${error.message}`));
  await boss.start();
  const definitions = input.definitions ?? jobDefinitions();
  const timers: NodeJS.Timeout[] = [];
  for (const definition of definitions) {
    await boss.createQueue(definition.name, {
      name: definition.name,
      retryLimit: definition.retryLimit ?? 2,
      retryBackoff: true,
      expireInSeconds: definition.expireInSeconds ?? 600,
    });
    await boss.work<Record<string, unknown>>(
      definition.name,
      { batchSize: 1, pollingIntervalSeconds: input.pollingIntervalSeconds ?? 2 },
      async ([job]) => {
        if (!job) return;
        const run = () => definition.run(input.db, job.data ?? {});
        const result = input.observe
          ? await input.observe({ name: definition.name, id: job.id }, run)
          : await run();
        if (!input.observe) {
          log(
            `job ${definition.name} done: ${JSON.stringify(result, (_, v) => (typeof v === "bigint" ? v.toString() : v))}`,
          );
        }
        return result as object;
      },
    );
    if (definition.cron) await boss.schedule(definition.name, definition.cron, {}, { tz: "UTC" });
    else await boss.unschedule(definition.name).catch(() => {});
    const { everySeconds } = definition;
    if (everySeconds) {
      // A singleton per period: with several workers running, the queue still accepts one job per period.
      const send = () =>
        boss
          .send(
            definition.name,
            {},
            { singletonKey: `${definition.name}:every`, singletonSeconds: everySeconds },
          )
          .catch((error: Error) => log(`job ${definition.name} not enqueued: ${error.message}`));
      timers.push(setInterval(send, everySeconds * 1000));
    }
    if (definition.runAtStart) {
      await boss.send(
        definition.name,
        {},
        { singletonKey: `${definition.name}:start`, singletonSeconds: 60 },
      );
    }
  }
  const stop = async () => {
    for (const timer of timers) clearInterval(timer);
    await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    await database.close();
  };
  return { boss, stop };
}
