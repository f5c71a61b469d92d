import "server-only";
import postgres from "postgres";
import { getDb } from "@/db/client";
import { liveConfigFromEnv } from "./live-config";
import { LiveHub } from "./live-hub";

const globalForLive = globalThis as unknown as { scripLiveHub?: Promise<LiveHub> };

/**
 * This process's hub, started on first use: its own one-connection client from DATABASE_URL for LISTEN (so the
 * app's pool is never held), and the app's pool for catch-up reads and session checks. Kept on globalThis so
 * every server chunk shares one hub and one LISTEN connection.
 */
export function getLiveHub(): Promise<LiveHub> {
  if (!globalForLive.scripLiveHub) {
    const url = process.env.DATABASE_URL;
    if (!url) return Promise.reject(new Error("DATABASE_URL is not set"));
    const listener = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
    const hub = new LiveHub(getDb(), listener, liveConfigFromEnv());
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
