import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { passkeys, users } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { revokeUserSessions } from "@/lib/sessions/revoke-user-sessions";

/**
 * Removes one of the signed-in person's own passkeys and ends the sessions it signed in; never the last one,
 * which would lock them out (the user row is locked so two concurrent removals cannot both pass the check).
 */
export async function removePasskey(
  db: DbOrTx,
  input: { actor: Actor; passkeyId: string; ip?: string | null },
): Promise<{ endedSessions: number }> {
  const { actor } = input;
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only a person has passkeys.");
  return db.transaction(async (tx) => {
    await tx.select({ id: users.id }).from(users).where(eq(users.id, actor.userId)).for("update");
    const [target] = await tx
      .select({ id: passkeys.id })
      .from(passkeys)
      .where(and(eq(passkeys.id, input.passkeyId), eq(passkeys.userId, actor.userId)));
    if (!target) throw new AppError("NOT_FOUND", "This passkey was not found.");
    const [{ count } = { count: 0 }] = await tx
      .select({ count: sql<number>`count(*)::int` })
      .from(passkeys)
      .where(eq(passkeys.userId, actor.userId));
    if (count <= 1) {
      throw new AppError("LAST_PASSKEY", "You cannot remove your last passkey: add another one first.");
    }
    const { revoked } = await revokeUserSessions(tx, {
      actor,
      userId: actor.userId,
      passkeyId: target.id,
      reason: "passkey removed",
      ip: input.ip,
    });
    await tx.delete(passkeys).where(eq(passkeys.id, target.id));
    await recordAuditEvent(tx, {
      action: "passkey.removed",
      actor,
      targetType: "passkey",
      targetId: target.id,
      ip: input.ip,
      data: { endedSessions: revoked },
    });
    return { endedSessions: revoked };
  });
}
