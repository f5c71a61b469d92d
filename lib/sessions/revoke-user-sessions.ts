import "server-only";
import { and, eq, isNull, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { sessions } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";

/**
 * Ends every session of `userId` ("sign out everywhere", suspension), or only those signed in with
 * `passkeyId`, or every one but `exceptSessionId` ("sign out other sessions"). A person may do this for
 * themselves; anyone else needs the admin role.
 */
export async function revokeUserSessions(
  db: DbOrTx,
  input: {
    actor: Actor;
    userId: string;
    passkeyId?: string;
    exceptSessionId?: string;
    reason: string;
    ip?: string | null;
  },
): Promise<{ revoked: number }> {
  const { actor } = input;
  const allowed =
    actor.kind === "system" || (actor.kind === "user" && (actor.userId === input.userId || actor.isAdmin));
  if (!allowed) throw new AppError("FORBIDDEN", "You may end only your own sessions.");
  const ended = await db
    .update(sessions)
    .set({ revokedAt: sql`now()`, unlockedUntil: null })
    .where(
      and(
        eq(sessions.userId, input.userId),
        isNull(sessions.revokedAt),
        input.passkeyId ? eq(sessions.passkeyId, input.passkeyId) : undefined,
        input.exceptSessionId ? ne(sessions.id, input.exceptSessionId) : undefined,
      ),
    )
    .returning({ id: sessions.id });
  await recordAuditEvent(db, {
    action: input.passkeyId ? "session.revoked" : "session.revoked_all",
    actor,
    targetType: "user",
    targetId: input.userId,
    reason: input.reason,
    ip: input.ip,
    data: { sessions: ended.length, ...(input.passkeyId ? { passkeyId: input.passkeyId } : {}) },
  });
  return { revoked: ended.length };
}
