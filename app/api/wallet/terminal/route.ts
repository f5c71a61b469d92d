import { z } from "zod";
import { limitAttempt } from "@/lib/auth/rate-limits";
import { withSession } from "@/lib/auth/with-session";
import { requireUnlockedWallet } from "@/lib/sessions/require-unlocked-wallet";
import { getTerminalSnapshot } from "@/lib/terminal/get-terminal-snapshot";

/**
 * GET: the signed-in person's wallet terminal snapshot (lib/terminal/terminal-types.ts) as `{ data }`, never
 * cached (`no-store`); 401 without a session, 429 past 120 fetches a minute per account.
 *
 * Served only while this session's wallet is unlocked (423 WALLET_LOCKED otherwise, with a sentence to unlock):
 * the snapshot carries every coupon's token, and a token is what the wallet shows only behind the unlock today
 * (LockedContent runs the same check, requireUnlockedWallet), so a session whose wallet locked, or a stolen
 * session cookie alone, cannot read them. Fetching counts as wallet use, as showing a token does; the terminal
 * fetches only while its own copy is unlocked, and that copy locks itself when left idle. The per-coupon passkey
 * step-up of "reveal" is not asked again: the unlock that opens the terminal is already a passkey assertion.
 */
export const GET = withSession("coupons.hold", z.object({}), async ({ db, actor, session }) => {
  await limitAttempt(db, "wallet.terminal", { accountId: session.userId });
  await requireUnlockedWallet(db, session);
  return getTerminalSnapshot(db, actor, new Date());
});
