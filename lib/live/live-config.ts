/** Limits and timing of the live stream, from the environment (README, "Live updates"). */
export interface LiveConfig {
  /** Streams one session may hold open at once; a newer one closes the oldest. */
  maxPerSession: number;
  /** Streams one server process serves at once; beyond it a new one is refused with 503 and Retry-After. */
  maxConnections: number;
  /** Events older than this are purged (a browser away longer refreshes instead of catching up). */
  retentionSeconds: number;
  /** Most events a reconnecting browser is sent to catch up; with more it is told to refresh instead. */
  catchUpMax: number;
  /** A comment line keeps idle streams open through proxies this often. */
  heartbeatMs: number;
  /** Every stream's session is checked this often (ended, expired, idle, suspended → the stream ends). */
  sessionCheckMs: number;
  /** Seconds a refused browser is asked to wait (Retry-After). */
  retryAfterSeconds: number;
}

function wholeNumber(value: string | undefined, fallback: number, max: number): number {
  if (value === undefined || value.trim() === "") return fallback;
  const parsed = Number(value);
  return Number.isSafeInteger(parsed) && parsed >= 1 && parsed <= max ? parsed : fallback;
}

export function liveConfigFromEnv(env: Record<string, string | undefined> = process.env): LiveConfig {
  return {
    maxPerSession: wholeNumber(env.SCRIP_LIVE_MAX_PER_SESSION, 3, 100),
    maxConnections: wholeNumber(env.SCRIP_LIVE_MAX_CONNECTIONS, 1000, 1_000_000),
    retentionSeconds: wholeNumber(env.SCRIP_LIVE_RETENTION_SECONDS, 3600, 30 * 86_400),
    catchUpMax: 100,
    heartbeatMs: 15_000,
    sessionCheckMs: 30_000,
    retryAfterSeconds: 30,
  };
}
