import "server-only";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import type { Operation } from "@/lib/auth/operations";
import type { PasskeyAuthorization } from "@/lib/auth/passkey-authorization";
import { beginStepUp, completeStepUp } from "@/lib/auth/require-step-up";
import type { RelyingParty } from "@/lib/auth/webauthn-config";
import { AppError } from "@/lib/errors";
import type { ActiveSession } from "@/lib/sessions/get-active-session";
import { requireUnlockedWallet } from "@/lib/sessions/require-unlocked-wallet";

export type AccountSession = Pick<ActiveSession, "sessionId" | "userId">;
type UserActor = Extract<Actor, { kind: "user" }>;

function userOf(actor: Actor, session: AccountSession): UserActor {
  if (actor.kind !== "user" || actor.userId !== session.userId) {
    throw new AppError("FORBIDDEN", "Only the account's own person can change how it is protected.");
  }
  return actor;
}

/**
 * First half of every change to an account's protection: the session's wallet must be unlocked, then a
 * step-up challenge for exactly `operation` goes to the passkeys already on the account.
 */
export async function beginAccountChange(
  db: DbOrTx,
  input: { actor: Actor; session: AccountSession; operation: Operation; ip: string | null },
  rp?: RelyingParty,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const actor = userOf(input.actor, input.session);
  await requireUnlockedWallet(db, input.session);
  return beginStepUp(db, { actor, operation: input.operation, ip: input.ip }, rp);
}

/**
 * Second half, inside the change's transaction `tx`: the wallet is still unlocked and `stepUp` is a fresh
 * assertion by a passkey already on the account over exactly `operation`, consumed only if the change commits
 * (refusals are audited through `auditDb`). A session on its own never changes how the account is protected.
 */
export async function confirmAccountChange(
  tx: DbOrTx,
  input: {
    actor: Actor;
    session: AccountSession;
    operation: Operation;
    stepUp: unknown;
    ip: string | null;
    auditDb: DbOrTx;
  },
  rp?: RelyingParty,
): Promise<PasskeyAuthorization> {
  const actor = userOf(input.actor, input.session);
  await requireUnlockedWallet(tx, input.session);
  return completeStepUp(
    tx,
    { actor, operation: input.operation, response: input.stepUp, ip: input.ip, auditDb: input.auditDb },
    rp,
  );
}
