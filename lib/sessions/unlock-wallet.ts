import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { sessions } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/actor";
import type { Operation } from "@/lib/auth/operations";
import { completeStepUp } from "@/lib/auth/require-step-up";
import { getSessionConfig } from "@/lib/auth/session-config";
import type { RelyingParty } from "@/lib/auth/webauthn-config";
import { AppError } from "@/lib/errors";

/** The step-up operation that unlocks the wallet of one session (so an assertion cannot unlock another). */
export const walletUnlockOperation = (sessionId: string): Operation => ({ type: "wallet.unlock", sessionId });

/**
 * Unlocks the wallet of the caller's own session for the configured idle time, with a passkey step-up over
 * `wallet.unlock` for exactly this session; the assertion is consumed only if the unlock commits.
 */
export async function unlockWallet(
  db: Db,
  input: { actor: Actor; sessionId: string; response: unknown; ip?: string | null },
  rp?: RelyingParty,
): Promise<{ unlockedUntil: Date }> {
  const { actor } = input;
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only a person has a wallet.");
  const lockSeconds = getSessionConfig().walletLockSeconds;
  return db.transaction(async (tx) => {
    await completeStepUp(
      tx,
      {
        actor,
        operation: walletUnlockOperation(input.sessionId),
        response: input.response,
        ip: input.ip,
        auditDb: db,
      },
      rp,
    );
    const [session] = await tx
      .update(sessions)
      .set({ unlockedUntil: sql`now() + make_interval(secs => ${lockSeconds})` })
      .where(
        and(eq(sessions.id, input.sessionId), eq(sessions.userId, actor.userId), isNull(sessions.revokedAt)),
      )
      .returning({ unlockedUntil: sessions.unlockedUntil });
    if (!session?.unlockedUntil) throw new AppError("UNAUTHENTICATED", "Please sign in again.");
    await recordAuditEvent(tx, {
      action: "wallet.unlocked",
      actor,
      targetType: "session",
      targetId: input.sessionId,
      ip: input.ip,
    });
    return { unlockedUntil: session.unlockedUntil };
  });
}
