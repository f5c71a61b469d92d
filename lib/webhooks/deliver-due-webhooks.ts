import "server-only";
import { and, asc, eq, lte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { webhookDeliveries, webhookEndpoints, webhookMessages } from "@/db/schema";
import { newId } from "@/lib/ids";
import { type SendOutcome, sendWebhook } from "./send-webhook";
import { activeWebhookSecrets } from "./webhook-secret-store";
import { webhookHeaders } from "./webhook-signature";

/** Attempts per message before it is marked failed (manual retry can revive it). */
export const webhookAttemptsMax = 10;
/** Seconds a claimed message stays invisible to other workers while it is being sent. */
const claimLeaseSeconds = 120;

/** Seconds to wait after failed attempt `attempt` (1-based): 30 s doubling up to 12 hours. */
export function webhookBackoffSeconds(attempt: number): number {
  return Math.min(30 * 2 ** Math.max(0, attempt - 1), 12 * 3600);
}

export interface DeliveryRunResult {
  delivered: number;
  retrying: number;
  failed: number;
}

/**
 * One pass of the webhook worker: claims up to `batchSizeMax` due messages (SKIP LOCKED, so workers never
 * share one), counts the attempt before sending (a crash mid-send still backs off), sends each signed
 * delivery, and records the outcome in the delivery log. Delivery is at least once: receivers dedupe by
 * `webhook-id`. A plain function, so any scheduler (instrumentation loop, job queue) can run it.
 */
export async function deliverDueWebhooks(
  db: Db,
  options: { now?: Date; batchSizeMax?: number; timeoutMs?: number } = {},
): Promise<DeliveryRunResult> {
  const now = options.now ?? new Date();
  const batchSizeMax = Math.min(Math.max(1, options.batchSizeMax ?? 20), 100);
  const leaseUntil = new Date(now.getTime() + claimLeaseSeconds * 1000);
  const claimed = await db.transaction(async (tx) => {
    const due = await tx
      .select({ id: webhookMessages.id })
      .from(webhookMessages)
      .where(and(eq(webhookMessages.status, "pending"), lte(webhookMessages.nextAttemptAt, now)))
      .orderBy(asc(webhookMessages.nextAttemptAt))
      .limit(batchSizeMax)
      .for("update", { skipLocked: true });
    if (due.length === 0) return [];
    const ids = due.map((row) => row.id);
    return tx
      .update(webhookMessages)
      .set({ attempts: sql`${webhookMessages.attempts} + 1`, nextAttemptAt: leaseUntil })
      .where(sql`${webhookMessages.id} in ${ids}`)
      .returning();
  });
  const result: DeliveryRunResult = { delivered: 0, retrying: 0, failed: 0 };
  for (const message of claimed) {
    let outcome: keyof DeliveryRunResult;
    try {
      outcome = await deliverOne(db, message, now, options.timeoutMs ?? 10_000);
    } catch (error) {
      // One broken message (say, an undecryptable secret) must not stall the rest of the batch.
      console.error(`webhook ${message.id}: delivery failed`, error);
      outcome = await recordOutcome(db, message, now, { status: null, error: "internal error" }, 0).catch(
        () => "retrying" as const,
      );
    }
    result[outcome] += 1;
  }
  return result;
}

async function deliverOne(
  db: Db,
  message: typeof webhookMessages.$inferSelect,
  now: Date,
  timeoutMs: number,
): Promise<keyof DeliveryRunResult> {
  const [endpoint] = await db
    .select()
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.id, message.endpointId));
  if (!endpoint) return "failed"; // deleted with its messages (cascade); nothing left to record
  const body = JSON.stringify(message.payload);
  // The signed timestamp is the real sending time (receivers check it), whatever `now` the scheduler passed.
  const timestamp = Math.floor(Date.now() / 1000);
  const started = performance.now();
  const outcome = await sendWebhook(endpoint.url, {
    headers: webhookHeaders(activeWebhookSecrets(endpoint, now), { id: message.id, timestamp, body }),
    body,
    timeoutMs,
  });
  return recordOutcome(db, message, now, outcome, Math.round(performance.now() - started));
}

/** Logs one attempt and schedules the next one (or marks the message delivered or failed). */
async function recordOutcome(
  db: Db,
  message: typeof webhookMessages.$inferSelect,
  now: Date,
  outcome: SendOutcome,
  durationMs: number,
): Promise<keyof DeliveryRunResult> {
  const ok = outcome.error === null;
  const exhausted = !ok && message.attempts >= webhookAttemptsMax;
  const status = ok ? "delivered" : exhausted ? "failed" : "pending";
  await db.transaction(async (tx) => {
    await tx.insert(webhookDeliveries).values({
      id: newId("webhookDelivery"),
      messageId: message.id,
      attempt: message.attempts,
      responseStatus: outcome.status,
      error: outcome.error,
      durationMs,
    });
    await tx
      .update(webhookMessages)
      .set({
        status,
        lastError: outcome.error,
        deliveredAt: ok ? now : null,
        nextAttemptAt: new Date(now.getTime() + webhookBackoffSeconds(message.attempts) * 1000),
      })
      .where(eq(webhookMessages.id, message.id));
  });
  return ok ? "delivered" : exhausted ? "failed" : "retrying";
}
