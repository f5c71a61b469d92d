import "server-only";
import postgres from "postgres";
import { getDb } from "@/db/client";
import { directDatabaseUrl, postgresOptions } from "@/db/connection-settings";
import { liveConfigFromEnv } from "./live-config";
import { LiveHub } from "./live-hub";

const globalForLive = globalThis as unknown as { scripLiveHub?: Promise<LiveHub> };

/**
 * This process's hub, started on first use: its own one-connection client for LISTEN (so the app's pool is
 * never held) on DATABASE_DIRECT_URL (a transaction pooler cannot carry LISTEN; else DATABASE_URL), and the
 * app's pool for catch-up reads and session checks. Kept on globalThis so every server chunk shares one hub and
 * one LISTEN connection. After a failover the hub's watchdog listens again on the new primary.
 */
export function getLiveHub(): Promise<LiveHub> {
  if (!globalForLive.scripLiveHub) {
    const url = directDatabaseUrl();
    if (!url) return Promise.reject(new Error("DATABASE_URL is not set"));
    const open = () => postgres(url, { max: 1, ...postgresOptions("app", false) });
    const listener = open();
    const hub = new LiveHub(getDb(), listener, liveConfigFromEnv(), open);
    globalForLive.scripLiveHub = hub.start().then(
      () => hub,
      async (error: unknown) => {
        globalForLive.scripLiveHub = undefined;
        await listener.end({ timeout: 1 }).catch(() => {});
        throw error;
      },
    );
  }
  return globalForLive.scripLiveHub;
}
