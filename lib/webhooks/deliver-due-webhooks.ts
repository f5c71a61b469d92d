import "server-only";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { column, queryRows } from "@/db/rows";
import { webhookDeliveries, webhookEndpoints, webhookMessages } from "@/db/schema";
import { newId } from "@/lib/ids";
import { logUnexpectedError, noteWebhookAttempt } from "@/lib/observability/work-context";
import { type SendOutcome, sendWebhook } from "./send-webhook";
import { activeWebhookSecrets } from "./webhook-secret-store";
import { webhookHeaders } from "./webhook-signature";

/** Attempts per message before it is marked failed (manual retry can revive it). */
export const webhookAttemptsMax = 10;
/** Deliveries one pass has in flight at once, over all endpoints. */
export const webhookConcurrencyMax = 8;
/** Deliveries one pass claims (and so has in flight) per endpoint: a slow endpoint holds at most this many slots. */
export const webhookInFlightPerEndpointMax = 2;
/** Total deadline of one delivery attempt (connect, send, response headers), however the receiver trickles. */
export const webhookDeadlineMs = 10_000;
/**
 * Seconds a message claimed by a batch pass (`deliverDueWebhooks`) stays invisible to other workers: its lanes
 * send the batch one after another, so a message may wait for several deadlines before its own attempt.
 */
const batchClaimLeaseSeconds = 120;

/**
 * Seconds a message claimed by the in-process worker stays invisible to other workers: the worker starts every
 * claimed delivery at once, so its deadline plus 20 s for the database work around it. Should the instance die
 * (kill -9, a lost machine), that shop's webhooks wait this long — not two minutes — before another instance
 * takes its claims over (at least once: receivers dedupe by webhook-id).
 */
export function workerClaimLeaseSeconds(timeoutMs: number): number {
  return Math.ceil(timeoutMs / 1000) + 20;
}

/** Seconds to wait after failed attempt `attempt` (1-based): 30 s doubling up to 12 hours. */
export function webhookBackoffSeconds(attempt: number): number {
  return Math.min(30 * 2 ** Math.max(0, attempt - 1), 12 * 3600);
}

export interface DeliveryRunResult {
  delivered: number;
  retrying: number;
  failed: number;
}

type Message = typeof webhookMessages.$inferSelect;

const idRow = { id: column.text };

/**
 * Claims up to `batchSizeMax` due messages, oldest first, but never more than `webhookInFlightPerEndpointMax`
 * in flight per endpoint counting those other passes and workers are still sending, with SKIP LOCKED so workers
 * never share one. Counts the attempt before sending (a crash mid-send still backs off). So one endpoint's
 * backlog or hanging deliveries never take more than its share of the slots. The claim lasts `leaseSeconds`.
 */
export async function claimDueMessages(
  db: Db,
  now: Date,
  batchSizeMax: number,
  leaseSeconds = batchClaimLeaseSeconds,
): Promise<Message[]> {
  const leaseUntil = new Date(now.getTime() + leaseSeconds * 1000);
  const at = now.toISOString();
  return db.transaction(async (tx) => {
    // Per endpoint, its oldest due messages through the (endpoint, next attempt) index: the cost grows with the
    // number of endpoints, never with one endpoint's backlog, and that backlog cannot crowd out the others.
    const due = await queryRows(
      tx,
      idRow,
      sql`
      select id from ${webhookMessages} where id in (
        select oldest.id from ${webhookEndpoints} endpoint
        cross join lateral (
          select id, next_attempt_at, row_number() over (order by next_attempt_at, id) as place
          from ${webhookMessages} message
          where message.endpoint_id = endpoint.id and message.status = 'pending'
            and message.next_attempt_at <= ${at}::timestamptz
          order by message.next_attempt_at, message.id
          limit ${webhookInFlightPerEndpointMax}
        ) oldest
        where oldest.place <= ${webhookInFlightPerEndpointMax} - (
          select count(*) from ${webhookMessages} sending
          where sending.endpoint_id = endpoint.id and sending.status = 'pending'
            and sending.sending_until > ${at}::timestamptz)
        order by oldest.next_attempt_at
        limit ${batchSizeMax}
      )
      for update skip locked`,
    );
    const ids = due.map((row) => row.id);
    if (ids.length === 0) return [];
    return tx
      .update(webhookMessages)
      .set({
        attempts: sql`${webhookMessages.attempts} + 1`,
        nextAttemptAt: leaseUntil,
        sendingUntil: leaseUntil,
      })
      .where(inArray(webhookMessages.id, ids))
      .returning();
  });
}

/**
 * One pass of the webhook worker: claims a fair batch of due messages (see `claimDueMessages`) and sends them
 * signed, `webhookConcurrencyMax` at a time, each attempt under a total deadline (`timeoutMs`, default
 * `webhookDeadlineMs`), recording each outcome in the delivery log as it lands. So one hanging or trickling
 * endpoint holds at most its own slots, for at most the deadline, and never the other shops' deliveries.
 * Delivery is at least once: receivers dedupe by `webhook-id`. A plain function, so any scheduler can run it.
 */
export async function deliverDueWebhooks(
  db: Db,
  options: { now?: Date; batchSizeMax?: number; timeoutMs?: number; concurrencyMax?: number } = {},
): Promise<DeliveryRunResult> {
  const now = options.now ?? new Date();
  const batchSizeMax = Math.min(Math.max(1, options.batchSizeMax ?? 20), 100);
  const concurrencyMax = Math.min(Math.max(1, options.concurrencyMax ?? webhookConcurrencyMax), 32);
  const timeoutMs = Math.min(Math.max(1, options.timeoutMs ?? webhookDeadlineMs), 60_000);
  const queue = await claimDueMessages(db, now, batchSizeMax);
  const result: DeliveryRunResult = { delivered: 0, retrying: 0, failed: 0 };
  const lane = async () => {
    for (let message = queue.shift(); message; message = queue.shift()) {
      result[await deliverClaimedMessage(db, message, now, timeoutMs)] += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrencyMax, queue.length) }, lane));
  return result;
}

/**
 * Delivers one claimed message and records the outcome; a broken one (say, an undecryptable secret) is logged
 * and retried, never thrown.
 */
export async function deliverClaimedMessage(
  db: Db,
  message: Message,
  now: Date,
  timeoutMs: number,
): Promise<keyof DeliveryRunResult> {
  try {
    return await deliverOne(db, message, now, timeoutMs);
  } catch (error) {
    logUnexpectedError(`webhook ${message.id}: delivery failed`, error);
    return recordOutcome(db, message, now, { status: null, error: "internal error" }, 0).catch(
      () => "retrying" as const,
    );
  }
}

async function deliverOne(
  db: Db,
  message: Message,
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
  message: Message,
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
        sendingUntil: null,
        deliveredAt: ok ? now : null,
        nextAttemptAt: new Date(now.getTime() + webhookBackoffSeconds(message.attempts) * 1000),
      })
      // Only while this claim still holds: once its lease ran out and another worker took the message over,
      // that worker's outcome is the message's (this attempt stays in the delivery log).
      .where(
        and(
          eq(webhookMessages.id, message.id),
          message.sendingUntil
            ? eq(webhookMessages.sendingUntil, message.sendingUntil)
            : isNull(webhookMessages.sendingUntil),
        ),
      );
  });
  const result = ok ? "delivered" : exhausted ? "failed" : "retrying";
  noteWebhookAttempt(result);
  return result;
}
