import "server-only";
import { and, eq, gt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { sessions } from "@/db/schema";
import { getSessionConfig } from "@/lib/auth/session-config";
import { AppError } from "@/lib/errors";
import type { ActiveSession } from "./get-active-session";

/**
 * Throws WALLET_LOCKED unless the session's wallet is unlocked; using the wallet counts as activity, so the
 * lock moves out to the configured idle time again (it locks after that long without wallet use).
 */
export async function requireUnlockedWallet(
  db: DbOrTx,
  session: Pick<ActiveSession, "sessionId" | "userId">,
): Promise<{ unlockedUntil: Date }> {
  const lockSeconds = getSessionConfig().walletLockSeconds;
  const [row] = await db
    .update(sessions)
    .set({ unlockedUntil: sql`now() + make_interval(secs => ${lockSeconds})` })
    .where(
      and(
        eq(sessions.id, session.sessionId),
        eq(sessions.userId, session.userId),
        gt(sessions.unlockedUntil, sql`now()`),
      ),
    )
    .returning({ unlockedUntil: sessions.unlockedUntil });
  if (!row?.unlockedUntil) {
    throw new AppError("WALLET_LOCKED", "Your wallet is locked. Unlock it with your passkey to continue.");
  }
  return { unlockedUntil: row.unlockedUntil };
}
