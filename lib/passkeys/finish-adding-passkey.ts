import "server-only";
import type { DbOrTx } from "@/db/client";
import { uniqueViolationOf } from "@/db/postgres-errors";
import type { Actor } from "@/lib/auth/actor";
import { getRelyingParty, type RelyingParty } from "@/lib/auth/webauthn-config";
import { AppError } from "@/lib/errors";
import type { RequestMeta } from "@/lib/http/request-meta";
import { requireUnlockedWallet } from "@/lib/sessions/require-unlocked-wallet";
import { passkeyNameSchema } from "@/lib/users/handle";
import type { AccountSession } from "./confirm-account-change";
import type { AddPasskeyGrant } from "./start-adding-passkey";
import { pendingOf, recordPasskeyAdded, storePasskey } from "./store-passkey";
import { verifyNewCredential } from "./verify-new-credential";

/**
 * Stores another passkey for the signed-in person from a verified registration made for a challenge that
 * `startAddingPasskey` issued to this very session after a step-up (never a bare or another session's
 * challenge), with the wallet still unlocked; a credential id already registered anywhere is refused.
 */
export async function finishAddingPasskey(
  db: DbOrTx,
  input: { actor: Actor; session: AccountSession; response: unknown; name?: string; meta: RequestMeta },
  rp: RelyingParty = getRelyingParty(),
): Promise<{ passkeyId: string; name: string }> {
  const { actor } = input;
  if (actor.kind !== "user" || actor.userId !== input.session.userId) {
    throw new AppError("FORBIDDEN", "Only a person can add a passkey.");
  }
  try {
    return await db.transaction(async (tx) => {
      await requireUnlockedWallet(tx, input.session);
      const credential = await verifyNewCredential(
        tx,
        { response: input.response, userId: actor.userId },
        rp,
      );
      const grant = pendingOf<AddPasskeyGrant>(credential);
      if (grant?.kind !== "passkey.add" || grant.sessionId !== input.session.sessionId) {
        throw new AppError("STEP_UP_REQUIRED", "Confirm with one of your passkeys before adding another.");
      }
      const name = input.name ? passkeyNameSchema.parse(input.name) : credential.suggestedName;
      const passkeyId = await storePasskey(tx, credential, { userId: actor.userId, name });
      await recordPasskeyAdded(tx, {
        actor,
        userId: actor.userId,
        passkeyId,
        credential,
        name,
        ip: input.meta.ip,
      });
      return { passkeyId, name };
    });
  } catch (error) {
    if (uniqueViolationOf(error) === "passkeys_credential_id_unique") {
      throw new AppError("PASSKEY_INVALID", "This passkey is already registered.");
    }
    throw error;
  }
}
