import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { passkeys, users } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/actor";
import type { RelyingParty } from "@/lib/auth/webauthn-config";
import { AppError } from "@/lib/errors";
import type { RequestMeta } from "@/lib/http/request-meta";
import { recordSecurityEvent } from "@/lib/security-events/record-security-event";
import { revokeUserSessions } from "@/lib/sessions/revoke-user-sessions";
import { accountOperations } from "./account-operations";
import { type AccountSession, beginAccountChange, confirmAccountChange } from "./confirm-account-change";

async function ownPasskeyOrThrow(db: DbOrTx, userId: string, id: string) {
  const [target] = await db
    .select({ id: passkeys.id, name: passkeys.name })
    .from(passkeys)
    .where(and(eq(passkeys.id, id), eq(passkeys.userId, userId)));
  if (!target) throw new AppError("NOT_FOUND", "This passkey was not found.");
  return target;
}

/** Step-up options for removing one of the person's own passkeys (wallet unlocked; bound to that passkey). */
export async function beginRemovingPasskey(
  db: Db,
  input: { actor: Actor; session: AccountSession; passkeyId: string; meta: RequestMeta },
  rp?: RelyingParty,
) {
  await ownPasskeyOrThrow(db, input.session.userId, input.passkeyId);
  const operation = accountOperations.removePasskey(input.passkeyId);
  return beginAccountChange(db, { ...input, operation, ip: input.meta.ip }, rp);
}

/**
 * Removes one of the signed-in person's own passkeys and ends the sessions it signed in, only with the wallet
 * unlocked and a step-up over `passkey.remove` of exactly this passkey; never the last one, which would lock
 * them out (the user row is locked so two concurrent removals cannot both pass the check).
 */
export async function removePasskey(
  db: Db,
  input: { actor: Actor; session: AccountSession; passkeyId: string; stepUp: unknown; meta: RequestMeta },
  rp?: RelyingParty,
): Promise<{ endedSessions: number }> {
  const { actor } = input;
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only a person has passkeys.");
  return db.transaction(async (tx) => {
    const operation = accountOperations.removePasskey(input.passkeyId);
    const ip = input.meta.ip;
    await confirmAccountChange(tx, { ...input, operation, ip, auditDb: db }, rp);
    await tx.select({ id: users.id }).from(users).where(eq(users.id, actor.userId)).for("update");
    const target = await ownPasskeyOrThrow(tx, actor.userId, input.passkeyId);
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
      ip,
    });
    await tx.delete(passkeys).where(eq(passkeys.id, target.id));
    await recordAuditEvent(tx, {
      action: "passkey.removed",
      actor,
      targetType: "passkey",
      targetId: target.id,
      ip,
      data: { endedSessions: revoked },
    });
    await recordSecurityEvent(tx, { userId: actor.userId, kind: "passkey_removed", detail: target.name, ip });
    return { endedSessions: revoked };
  });
}
