import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { sessions } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";

/** Ends one session (sign out). A user may end only their own sessions. */
export async function revokeSession(
  db: DbOrTx,
  input: { actor: Actor; sessionId: string; ip?: string | null },
): Promise<void> {
  const { actor } = input;
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only a person can sign out.");
  await db.transaction(async (tx) => {
    const ended = await tx
      .update(sessions)
      .set({ revokedAt: sql`now()`, unlockedUntil: null })
      .where(
        and(eq(sessions.id, input.sessionId), eq(sessions.userId, actor.userId), isNull(sessions.revokedAt)),
      )
      .returning({ id: sessions.id });
    if (ended.length > 0) {
      await recordAuditEvent(tx, {
        action: "session.revoked",
        actor,
        targetType: "session",
        targetId: input.sessionId,
        reason: "sign out",
        ip: input.ip,
      });
    }
  });
}
