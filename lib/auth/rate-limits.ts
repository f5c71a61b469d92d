import "server-only";
import type { DbOrTx } from "@/db/client";
import { consumeRateLimit } from "@/lib/rate-limit/consume-rate-limit";

/**
 * Abuse limits of the sign-in, registration, step-up and claim-code endpoints, per client address and per
 * account. Both limits are counted on every attempt, successful or not, except `stepup.verify`, which counts
 * refused confirmations only (successful ones are already limited by `stepup.options`). Pass `ip` (null when
 * unknown) to count the address, `accountId` to count the account.
 */
export const abuseLimits = {
  "signin.options": { perIp: 60, perAccount: 0, windowSeconds: 60 },
  "signin.verify": { perIp: 30, perAccount: 10, windowSeconds: 60 },
  "signup.options": { perIp: 20, perAccount: 0, windowSeconds: 60 },
  "signup.verify": { perIp: 20, perAccount: 0, windowSeconds: 60 },
  "passkey.add": { perIp: 30, perAccount: 10, windowSeconds: 600 },
  "stepup.options": { perIp: 120, perAccount: 30, windowSeconds: 60 },
  "stepup.verify": { perIp: 120, perAccount: 30, windowSeconds: 60 },
  "claim.code": { perIp: 30, perAccount: 10, windowSeconds: 60 },
  // An open claim page asks where its link stands about once a second (code and offer id both needed).
  "claim.watch": { perIp: 600, perAccount: 0, windowSeconds: 60 },
  // A till's six-character payment code, typed or scanned: enough for a queue of customers, too few to guess.
  "payment.code": { perIp: 60, perAccount: 20, windowSeconds: 60 },
  // A till scanning customers' coupons: a busy counter's queue, per staff member; a till sharing one address
  // among several staff still fits.
  "till.scan": { perIp: 120, perAccount: 30, windowSeconds: 60 },
  // The wallet terminal's copy is fetched on unlock and on every live event; a looping client stops here.
  "wallet.terminal": { perIp: 0, perAccount: 120, windowSeconds: 60 },
  "admin.enrol": { perIp: 10, perAccount: 5, windowSeconds: 600 },
  // Recovery codes carry 100 random bits; these limits keep online guessing (and lock-out noise) small.
  "recovery.options": { perIp: 10, perAccount: 5, windowSeconds: 3600 },
  "recovery.verify": { perIp: 10, perAccount: 5, windowSeconds: 3600 },
} as const;

export type AbuseLimitName = keyof typeof abuseLimits;

/**
 * The counters an attempt at `name` by `who` counts against: the client address when `who.ip` is given (null:
 * unknown), and the account when known and the rule limits accounts. The one place their keys are made.
 */
export function attemptCounters(
  name: AbuseLimitName,
  who: { ip?: string | null; accountId?: string | null },
): { key: string; limit: number }[] {
  const rule = abuseLimits[name];
  const counters: { key: string; limit: number }[] = [];
  if (who.ip !== undefined) counters.push({ key: `${name}:ip:${who.ip ?? "unknown"}`, limit: rule.perIp });
  if (who.accountId && rule.perAccount > 0) {
    counters.push({ key: `${name}:account:${who.accountId}`, limit: rule.perAccount });
  }
  return counters;
}

/**
 * Counts one attempt at `name` against the client address and, when known, the account; throws RATE_LIMITED
 * (429 with Retry-After) when either is spent. Pass the database, not a transaction that may roll back.
 */
export async function limitAttempt(
  db: DbOrTx,
  name: AbuseLimitName,
  who: { ip?: string | null; accountId?: string | null },
): Promise<void> {
  const { windowSeconds } = abuseLimits[name];
  for (const counter of attemptCounters(name, who)) {
    await consumeRateLimit(db, { ...counter, windowSeconds });
  }
}
