import { getRelyingParty } from "./webauthn-config";

function positiveSeconds(value: string | undefined, fallback: number): number {
  const parsed = Number(value);
  return Number.isSafeInteger(parsed) && parsed > 0 ? parsed : fallback;
}

/** Session and wallet-lock lifetimes, from the environment with safe defaults. */
export function getSessionConfig(env: NodeJS.ProcessEnv = process.env) {
  const origin = getRelyingParty(env).origin;
  const secure = origin.startsWith("https://");
  return {
    /** A session unused this long ends (sliding, via last_seen_at). */
    idleSeconds: positiveSeconds(env.SCRIP_SESSION_IDLE_SECONDS, 30 * 60),
    /** A session ends this long after sign-in, used or not. */
    maxSeconds: positiveSeconds(env.SCRIP_SESSION_MAX_SECONDS, 7 * 24 * 60 * 60),
    /** The wallet locks again after this long without wallet activity. */
    walletLockSeconds: positiveSeconds(env.SCRIP_WALLET_LOCK_SECONDS, 5 * 60),
    /** `__Host-` cookies need https; in development on http the plain name is used. */
    secureCookies: secure,
    cookieName: secure ? "__Host-scrip.session" : "scrip.session",
  };
}

/** A sign-in proof must be exchanged for the session cookie within this many seconds. */
export const signInProofLifetimeSeconds = 120;
