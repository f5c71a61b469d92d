/**
 * Next.js start-up hook. Starts the in-process webhook delivery worker (lib/webhooks/start-webhook-worker.ts)
 * in the Node.js runtime, once per process. Set SCRIP_WEBHOOK_WORKER=off to run deliveries elsewhere (the job
 * queue, when it schedules `deliverDueWebhooks`); several workers may run at once safely.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.SCRIP_WEBHOOK_WORKER === "off") return;
  if (!process.env.DATABASE_URL) {
    console.warn("webhook worker not started: DATABASE_URL is not set");
    return;
  }
  const registry = globalThis as unknown as { scripWebhookWorker?: { stop: () => Promise<void> } };
  if (registry.scripWebhookWorker) return;
  const [{ startWebhookWorker }, { getDb }] = await Promise.all([
    import("./lib/webhooks/start-webhook-worker"),
    import("./db/client"),
  ]);
  registry.scripWebhookWorker = startWebhookWorker(getDb, {
    intervalMs: Number(process.env.SCRIP_WEBHOOK_POLL_MS ?? 2000) || 2000,
  });
}
