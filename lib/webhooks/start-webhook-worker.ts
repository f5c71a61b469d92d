import "server-only";
import type { Db } from "@/db/client";
import { deliverDueWebhooks } from "./deliver-due-webhooks";

export interface WebhookWorker {
  /** Stops polling and resolves once the pass in progress (if any) has finished. */
  stop: () => Promise<void>;
}

/**
 * A minimal in-process webhook worker: runs `deliverDueWebhooks` every `intervalMs` (default 2 s; at once again
 * when a pass was full) until stopped. Meant for the app until the job queue schedules deliveries; several
 * workers may run at once (messages are claimed with SKIP LOCKED).
 */
export function startWebhookWorker(getDb: () => Db, options: { intervalMs?: number } = {}): WebhookWorker {
  const intervalMs = options.intervalMs ?? 2000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = (async () => {
      let full = false;
      try {
        const result = await deliverDueWebhooks(getDb(), { batchSizeMax: 20 });
        full = result.delivered + result.retrying + result.failed >= 20;
      } catch (error) {
        console.error("webhook worker: delivery pass failed", error);
      }
      if (!stopped) timer = setTimeout(tick, full ? 0 : intervalMs).unref();
    })();
  };
  // Unref'd timers never keep the process alive on their own: shutting the server down is not delayed.
  timer = setTimeout(tick, 0).unref();
  return {
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
