import "server-only";
import type { Db } from "@/db/client";
import { logUnexpectedError } from "@/lib/observability/work-context";
import {
  claimDueMessages,
  deliverClaimedMessage,
  webhookConcurrencyMax,
  webhookDeadlineMs,
  workerClaimLeaseSeconds,
} from "./deliver-due-webhooks";

export interface WebhookWorker {
  /** Stops claiming and resolves once the deliveries in flight have finished (each within its deadline). */
  stop: () => Promise<void>;
}

/**
 * The in-process webhook worker: keeps up to `concurrencyMax` deliveries in flight, and claims more as soon as a
 * slot frees (and every `intervalMs`, default 2 s, for newly due messages). It never waits for a whole batch, so
 * a hanging endpoint holds only its own slots (at most `webhookInFlightPerEndpointMax`, for at most the deadline)
 * while every other shop's messages keep flowing. Several workers may run at once: messages are claimed with
 * SKIP LOCKED, and the per-endpoint bound counts every worker's deliveries in flight.
 */
export function startWebhookWorker(
  getDb: () => Db,
  options: { intervalMs?: number; concurrencyMax?: number; timeoutMs?: number } = {},
): WebhookWorker {
  const intervalMs = options.intervalMs ?? 2000;
  const concurrencyMax = Math.min(Math.max(1, options.concurrencyMax ?? webhookConcurrencyMax), 32);
  const timeoutMs = Math.min(Math.max(1, options.timeoutMs ?? webhookDeadlineMs), 60_000);
  const inFlight = new Set<Promise<unknown>>();
  let stopped = false;
  let filling: Promise<void> | null = null;
  let fillAgain = false;

  const fillOnce = async () => {
    const free = concurrencyMax - inFlight.size;
    if (stopped || free <= 0) return;
    const db = getDb();
    const now = new Date();
    for (const message of await claimDueMessages(db, now, free, workerClaimLeaseSeconds(timeoutMs))) {
      const delivery = deliverClaimedMessage(db, message, now, timeoutMs).finally(() => {
        inFlight.delete(delivery);
        fill(); // a slot is free: claim the next due message at once
      });
      inFlight.add(delivery);
    }
  };
  // One claim at a time; a request to fill while one runs makes it run once more afterwards.
  const fill = () => {
    if (filling) {
      fillAgain = true;
      return;
    }
    filling = (async () => {
      do {
        fillAgain = false;
        try {
          await fillOnce();
        } catch (error) {
          logUnexpectedError("webhook worker: claiming due deliveries failed", error);
        }
      } while (fillAgain && !stopped);
      filling = null;
    })();
  };
  // Unref'd timers never keep the process alive on their own: shutting the server down is not delayed.
  const timer = setInterval(fill, intervalMs).unref();
  fill();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await filling;
      await Promise.allSettled([...inFlight]);
    },
  };
}
