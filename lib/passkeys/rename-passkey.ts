import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { passkeys } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/actor";
import type { RelyingParty } from "@/lib/auth/webauthn-config";
import { AppError } from "@/lib/errors";
import type { RequestMeta } from "@/lib/http/request-meta";
import { recordSecurityEvent } from "@/lib/security-events/record-security-event";
import { passkeyNameSchema } from "@/lib/users/handle";
import { accountOperations } from "./account-operations";
import { type AccountSession, beginAccountChange, confirmAccountChange } from "./confirm-account-change";

/** Step-up options for renaming one of the person's own passkeys to exactly `name` (wallet unlocked). */
export async function beginRenamingPasskey(
  db: Db,
  input: { actor: Actor; session: AccountSession; passkeyId: string; name: string; meta: RequestMeta },
  rp?: RelyingParty,
) {
  const name = passkeyNameSchema.parse(input.name);
  const [own] = await db
    .select({ id: passkeys.id })
    .from(passkeys)
    .where(and(eq(passkeys.id, input.passkeyId), eq(passkeys.userId, input.session.userId)));
  if (!own) throw new AppError("NOT_FOUND", "This passkey was not found.");
  const operation = accountOperations.renamePasskey(input.passkeyId, name);
  return beginAccountChange(db, { ...input, operation, ip: input.meta.ip }, rp);
}

/**
 * Renames one of the signed-in person's own passkeys, only with the wallet unlocked and a step-up over
 * `passkey.rename` of this passkey to exactly this name; another person's passkey is "not found".
 */
export async function renamePasskey(
  db: Db,
  input: {
    actor: Actor;
    session: AccountSession;
    passkeyId: string;
    name: string;
    stepUp: unknown;
    meta: RequestMeta;
  },
  rp?: RelyingParty,
): Promise<{ name: string }> {
  const { actor } = input;
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only a person has passkeys.");
  const name = passkeyNameSchema.parse(input.name);
  const ip = input.meta.ip;
  return db.transaction(async (tx) => {
    const operation = accountOperations.renamePasskey(input.passkeyId, name);
    await confirmAccountChange(tx, { ...input, operation, ip, auditDb: db }, rp);
    const [before] = await tx
      .select({ name: passkeys.name })
      .from(passkeys)
      .where(and(eq(passkeys.id, input.passkeyId), eq(passkeys.userId, actor.userId)))
      .for("update");
    if (!before) throw new AppError("NOT_FOUND", "This passkey was not found.");
    await tx.update(passkeys).set({ name }).where(eq(passkeys.id, input.passkeyId));
    await recordAuditEvent(tx, {
      action: "passkey.renamed",
      actor,
      targetType: "passkey",
      targetId: input.passkeyId,
      ip,
      data: { name },
    });
    const detail = `${before.name} → ${name}`;
    await recordSecurityEvent(tx, { userId: actor.userId, kind: "passkey_renamed", detail, ip });
    return { name };
  });
}
