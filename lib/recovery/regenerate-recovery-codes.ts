import "server-only";
import type { Db } from "@/db/client";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/actor";
import type { RelyingParty } from "@/lib/auth/webauthn-config";
import { AppError } from "@/lib/errors";
import type { RequestMeta } from "@/lib/http/request-meta";
import { accountOperations } from "@/lib/passkeys/account-operations";
import {
  type AccountSession,
  beginAccountChange,
  confirmAccountChange,
} from "@/lib/passkeys/confirm-account-change";
import { createRecoveryCodes } from "./create-recovery-codes";

/** Step-up options for making a new set of recovery codes (wallet unlocked; bound to this session). */
export async function beginRegeneratingRecoveryCodes(
  db: Db,
  input: { actor: Actor; session: AccountSession; meta: RequestMeta },
  rp?: RelyingParty,
) {
  const operation = accountOperations.regenerateRecoveryCodes(input.session.sessionId);
  return beginAccountChange(db, { ...input, operation, ip: input.meta.ip }, rp);
}

/**
 * Makes a new set of recovery codes, replacing the old one, only with the wallet unlocked and a step-up over
 * `recovery.codes.regenerate` for this session; returns the codes to show once.
 */
export async function regenerateRecoveryCodes(
  db: Db,
  input: { actor: Actor; session: AccountSession; stepUp: unknown; meta: RequestMeta },
  rp?: RelyingParty,
): Promise<{ codes: string[] }> {
  const { actor, session } = input;
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only a person has recovery codes.");
  const ip = input.meta.ip;
  return db.transaction(async (tx) => {
    const operation = accountOperations.regenerateRecoveryCodes(session.sessionId);
    await confirmAccountChange(tx, { ...input, operation, ip, auditDb: db }, rp);
    const codes = await createRecoveryCodes(tx, { userId: actor.userId, ip });
    await recordAuditEvent(tx, {
      action: "recovery.codes_created",
      actor,
      targetType: "user",
      targetId: actor.userId,
      ip,
    });
    return { codes };
  });
}
