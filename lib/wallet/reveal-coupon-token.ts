import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { getCouponToken } from "@/lib/coupons/get-coupon-token";
import type { ActiveSession } from "@/lib/sessions/get-active-session";
import { requireUnlockedWallet } from "@/lib/sessions/require-unlocked-wallet";

/**
 * Reveals the token of a coupon the actor holds: only while this session's wallet is unlocked, and only with a
 * fresh passkey assertion over `coupon.reveal` at the coupon's current version.
 */
export async function revealCouponToken(
  db: DbOrTx,
  session: Pick<ActiveSession, "sessionId" | "userId">,
  actor: Actor,
  input: { couponId: string; authorization: unknown; ip?: string | null },
): Promise<{ token: string; qrText: string; version: number }> {
  await requireUnlockedWallet(db, session);
  return getCouponToken(db, actor, input);
}
