import type { Db } from "@/db/client";
import { campaignRunJob } from "@/lib/campaigns/contract";
import { runCampaign, runRunningCampaigns } from "@/lib/campaigns/run-campaign";
import { chargingCron, chargingScheduleFromEnv } from "@/lib/charging/charging-schedule";
import { expireCoupons } from "@/lib/coupons/expire-coupons";
import { smtpSender } from "@/lib/email/mail-transport";
import { sendVerificationEmail } from "@/lib/email/send-verification-email";
import { checkLedger } from "@/lib/ledger/check-ledger";
import { recordLedgerCheck } from "@/lib/ledger/record-ledger-check";
import { pruneNotifications } from "@/lib/notifications/prune-notifications";
import { sendNotificationEmails } from "@/lib/notifications/send-notification-emails";
import { expirePaymentRequests } from "@/lib/payment-requests/expire-payment-requests";
import { expireTransfers } from "@/lib/transfers/expire-transfers";
import { purgeChallenges } from "./purge-challenges";
import { purgeIdempotencyKeys } from "./purge-idempotency-keys";
import { purgeLiveEvents } from "./purge-live-events";
import { purgeRateLimits } from "./purge-rate-limits";
import { runScheduledCharging } from "./run-scheduled-charging";

/**
 * One kind of background job. `run` receives the worker's database pool and the job's data (JSON); it must be
 * safe to run twice (the queue delivers at least once) and should finish within `expireInSeconds`.
 */
export interface JobDefinition {
  /** Queue name: lowercase words and dashes. */
  name: string;
  /** Cron expression (UTC) for a recurring job; omitted for jobs only ever enqueued. */
  cron?: string;
  /**
   * Also enqueue every this many seconds, for work a person would otherwise wait a whole cron minute for
   * (cron's finest step). The worker throttles it to one job per period across all workers.
   */
  everySeconds?: number;
  /** Also enqueue once when the worker starts (catch up on work missed while it was down). */
  runAtStart?: boolean;
  expireInSeconds?: number;
  retryLimit?: number;
  run: (db: Db, data: Record<string, unknown>) => Promise<unknown>;
}

/** How often due offers are expired: an expired offer is hidden at once, and closed within this many seconds. */
export const offerExpirySeconds = 15;

/**
 * Expiry and purge jobs drain their backlog in batches until a batch finds nothing, for at most this long per run
 * (the next run carries on). A cap on the number of batches instead (20 until #20) let a steady load outgrow the
 * job: 20 × 5,000 live events per ten minutes is less than what ~19 owner changes a second write
 * (docs/scaling.md). Each batch is its own short transaction, so a long drain holds no lock for long.
 */
export const drainBudgetMs = { purge: 240_000, everyMinute: 40_000, offers: 10_000 } as const;

/**
 * Runs `step` (one batch) until it reports 0 or `budgetMs` has passed since the first batch, and returns the
 * total. `now` is the clock (a parameter so the budget can be tested without waiting).
 */
export async function drain(
  step: () => Promise<{ expired: number } | { deleted: number }>,
  budgetMs: number,
  now: () => number = Date.now,
): Promise<number> {
  const started = now();
  let total = 0;
  for (;;) {
    const result = await step();
    const count = "expired" in result ? result.expired : result.deleted;
    total += count;
    if (count === 0 || now() - started >= budgetMs) return total;
  }
}

/**
 * When the worker runs the ledger check (cron, UTC): SCRIP_LEDGER_CHECK_CRON, default daily at 03:47; `off` never
 * (the job is then only run when enqueued). Its result is recorded for the metrics like `npm run ledger:check`'s.
 */
export function ledgerCheckCron(env: Record<string, string | undefined> = process.env): string | undefined {
  const configured = env.SCRIP_LEDGER_CHECK_CRON?.trim();
  if (configured === "off") return undefined;
  return configured || "47 3 * * *";
}

/** A recurring purge: deletes in batches until nothing is left (for at most `drainBudgetMs.purge`). */
const purgeJob = (
  name: string,
  cron: string,
  purge: (db: Db) => Promise<{ deleted: number }>,
): JobDefinition => ({
  name,
  cron,
  run: async (db) => ({ deleted: await drain(() => purge(db), drainBudgetMs.purge) }),
});

/**
 * Every job the worker runs. Another module registers a job by adding its definition here (e.g. webhook
 * delivery: `{ name: "deliver-webhooks", cron: "* * * * *", run: (db) => deliverDueWebhooks(db) }`) and
 * enqueues work with `enqueueJob(name, data)` from lib/jobs/enqueue-job.ts.
 */
export function jobDefinitions(env: Record<string, string | undefined> = process.env): JobDefinition[] {
  const schedule = chargingScheduleFromEnv(env);
  return [
    {
      name: "charging-run",
      cron: chargingCron(schedule),
      runAtStart: true,
      expireInSeconds: 3600,
      retryLimit: 3,
      run: (db) => runScheduledCharging(db, { schedule }),
    },
    {
      // Reads never expire offers themselves (a GET never writes): they only hide an offer past its time,
      // and this job closes it soon after, returning the coupon to its giver.
      name: "expire-transfers",
      cron: "* * * * *",
      everySeconds: offerExpirySeconds,
      runAtStart: true,
      run: async (db) => ({
        expired: await drain(() => expireTransfers(db, new Date(), { batchSize: 100 }), drainBudgetMs.offers),
      }),
    },
    {
      name: "expire-coupons",
      cron: "* * * * *",
      runAtStart: true,
      run: async (db) => ({
        expired: await drain(
          () => expireCoupons(db, new Date(), { batchSize: 100 }),
          drainBudgetMs.everyMinute,
        ),
      }),
    },
    {
      name: "expire-payment-requests",
      cron: "* * * * *",
      run: async (db) => ({ expired: await expirePaymentRequests(db) }),
    },
    purgeJob("purge-challenges", "17 * * * *", purgeChallenges),
    purgeJob("purge-idempotency-keys", "23 * * * *", purgeIdempotencyKeys),
    purgeJob("purge-rate-limits", "29 * * * *", purgeRateLimits),
    purgeJob("purge-live-events", "*/10 * * * *", purgeLiveEvents),
    {
      // Emails new notifications to verified addresses (lib/notifications/send-notification-emails.ts: at least
      // once, deduplicated by Message-ID); a failed send fails the job, and pg-boss retries it with backoff.
      name: "send-notification-emails",
      cron: "* * * * *",
      runAtStart: true,
      retryLimit: 5,
      run: async (db) => {
        const send = smtpSender(env.SCRIP_SMTP_URL, env);
        return send ? sendNotificationEmails(db, send) : { skipped: "SCRIP_SMTP_URL is not set" };
      },
    },
    {
      // Enqueued when a person adds an address (data: userId, address); retried like any job.
      name: "send-verification-email",
      retryLimit: 5,
      run: async (db, data) => {
        const send = smtpSender(env.SCRIP_SMTP_URL, env);
        if (!send || typeof data.userId !== "string" || typeof data.address !== "string")
          return { sent: false };
        return sendVerificationEmail(db, send, { userId: data.userId, address: data.address });
      },
    },
    purgeJob("prune-notifications", "41 * * * *", pruneNotifications),
    {
      // Every invariant of the design checked against the whole database; a violation is not a job failure (the
      // check itself worked): it is recorded, exported as scrip_ledger_check_violations, and shown to admins.
      name: "ledger-check",
      cron: ledgerCheckCron(env),
      expireInSeconds: 3600,
      retryLimit: 1,
      run: async (db) => {
        const violations = await checkLedger(db);
        await recordLedgerCheck(db, { violations, source: "job" });
        return { violations: violations.length };
      },
    },
    {
      // A sponsored campaign (#19), enqueued by start and resume with { campaignId }; every minute and at start
      // without data it picks up campaigns left running (a killed worker, a lost job). Slices are idempotent.
      name: campaignRunJob,
      cron: "* * * * *",
      runAtStart: true,
      expireInSeconds: 3600,
      retryLimit: 5,
      run: (db, data) =>
        typeof data.campaignId === "string" ? runCampaign(db, data.campaignId) : runRunningCampaigns(db),
    },
  ];
}
