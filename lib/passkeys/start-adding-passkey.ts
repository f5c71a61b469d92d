import "server-only";
import type { PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/server";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { limitAttempt } from "@/lib/auth/rate-limits";
import { getRelyingParty, type RelyingParty } from "@/lib/auth/webauthn-config";
import { AppError } from "@/lib/errors";
import type { RequestMeta } from "@/lib/http/request-meta";
import { accountOperations } from "./account-operations";
import { type AccountSession, confirmAccountChange } from "./confirm-account-change";
import { createRegistrationOptions } from "./create-registration-options";

/** What a registration challenge for another passkey is bound to: this session, after a verified step-up. */
export interface AddPasskeyGrant {
  kind: "passkey.add";
  sessionId: string;
}

/**
 * Registration options for another passkey of the signed-in person (platform passkey or security key),
 * excluding the credentials they already have. Only after a step-up over `passkey.add` for this session by a
 * passkey already on the account, with the wallet unlocked: the registration challenge is issued in the same
 * transaction that consumes the step-up, and only this session can use it, once.
 */
export async function startAddingPasskey(
  db: Db,
  input: { actor: Actor; session: AccountSession; stepUp: unknown; meta: RequestMeta },
  rp: RelyingParty = getRelyingParty(),
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const { actor, session } = input;
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only a person can add a passkey.");
  await limitAttempt(db, "passkey.add", { ip: input.meta.ip, accountId: actor.userId });
  return db.transaction(async (tx) => {
    await confirmAccountChange(
      tx,
      {
        actor,
        session,
        operation: accountOperations.addPasskey(session.sessionId),
        stepUp: input.stepUp,
        ip: input.meta.ip,
        auditDb: db,
      },
      rp,
    );
    const [user] = await tx.select().from(users).where(eq(users.id, actor.userId));
    if (!user) throw new AppError("UNAUTHENTICATED", "Please sign in again.");
    const grant: AddPasskeyGrant = { kind: "passkey.add", sessionId: session.sessionId };
    return createRegistrationOptions(tx, { user, grant }, rp);
  });
}
