import "server-only";
import type { Db } from "@/db/client";
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
import { recordSecurityEvent } from "@/lib/security-events/record-security-event";
import { revokeUserSessions } from "./revoke-user-sessions";

/** "others": every session but this one; "everywhere": every session, this one included. */
export type SignOutScope = "others" | "everywhere";

const operationOf = (scope: SignOutScope, sessionId: string) =>
  scope === "others"
    ? accountOperations.signOutOthers(sessionId)
    : accountOperations.signOutEverywhere(sessionId);

/** Step-up options for signing out other sessions or everywhere (wallet unlocked; bound to this session). */
export async function beginSigningOut(
  db: Db,
  input: { actor: Actor; session: AccountSession; scope: SignOutScope; meta: RequestMeta },
  rp?: RelyingParty,
) {
  const operation = operationOf(input.scope, input.session.sessionId);
  return beginAccountChange(db, { ...input, operation, ip: input.meta.ip }, rp);
}

/**
 * Ends the person's other sessions, or all of them, only with the wallet unlocked and a step-up over exactly
 * that scope for this session; recorded in the audit log and the account's security events.
 */
export async function signOutSessions(
  db: Db,
  input: { actor: Actor; session: AccountSession; scope: SignOutScope; stepUp: unknown; meta: RequestMeta },
  rp?: RelyingParty,
): Promise<{ revoked: number }> {
  const { actor, session, scope } = input;
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only a person can sign out.");
  const ip = input.meta.ip;
  return db.transaction(async (tx) => {
    const operation = operationOf(scope, session.sessionId);
    await confirmAccountChange(tx, { ...input, operation, ip, auditDb: db }, rp);
    const result = await revokeUserSessions(tx, {
      actor,
      userId: actor.userId,
      ...(scope === "others" ? { exceptSessionId: session.sessionId } : {}),
      reason: scope === "others" ? "sign out other sessions" : "sign out everywhere",
      ip,
    });
    await recordSecurityEvent(tx, {
      userId: actor.userId,
      kind: "sessions_signed_out",
      detail: scope === "others" ? "Other browsers" : "Every browser",
      ip,
    });
    return result;
  });
}
