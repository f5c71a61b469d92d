/**
 * One background job run as a unit of work: the job worker (scripts/worker.ts) runs each job through `observeJob`,
 * which runs it in the work context (what it writes is counted when it succeeds), then writes one log line —
 * job, jobId, outcome (ok, failed), durationMs, and the error when it failed — and one observation of
 * `scrip_job_duration_seconds` (the charging run is `job="charging-run"`).
 */
import type { Logger } from "pino";
import { getMetrics } from "./metrics";
import { countCompletedWork } from "./work-context";
import { runAsWork } from "./work-storage";

export async function observeJob<T>(
  logger: Logger,
  job: { name: string; id: string },
  run: () => Promise<T>,
  options: { logResult?: boolean } = {},
): Promise<T> {
  return runAsWork(job.id, async (work) => {
    work.operation = job.name;
    const started = performance.now();
    let outcome: "ok" | "failed" = "failed";
    let result: T | undefined;
    let failure: unknown;
    try {
      result = await run();
      outcome = "ok";
      return result;
    } catch (error) {
      failure = error;
      throw error;
    } finally {
      const durationMs = performance.now() - started;
      countCompletedWork(work, outcome === "ok");
      const metrics = getMetrics();
      metrics.jobRuns.inc({ job: job.name, outcome });
      metrics.jobDuration.observe({ job: job.name, outcome }, durationMs / 1000);
      const fields = {
        job: job.name,
        jobId: job.id,
        outcome,
        durationMs: Math.round(durationMs * 10) / 10,
        ...(work.actor ? { actor: work.actor } : {}),
        ...(work.errorCode ? { errorCode: work.errorCode } : {}),
        ...(failure !== undefined ? { err: failure } : {}),
        ...(options.logResult && outcome === "ok" ? { result: jsonSafe(result) } : {}),
      };
      if (outcome === "ok") logger.info(fields, "job");
      else logger.error(fields, "job");
    }
  });
}

/** A job's result as plain JSON (bigint amounts as strings). */
function jsonSafe(value: unknown): unknown {
  try {
    return JSON.parse(JSON.stringify(value ?? null, (_, v) => (typeof v === "bigint" ? v.toString() : v)));
  } catch {
    return null;
  }
}
