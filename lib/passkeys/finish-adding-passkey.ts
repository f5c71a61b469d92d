import "server-only";
import type { DbOrTx } from "@/db/client";
import { uniqueViolationOf } from "@/db/postgres-errors";
import { passkeys } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/actor";
import { getRelyingParty, type RelyingParty } from "@/lib/auth/webauthn-config";
import { AppError } from "@/lib/errors";
import type { RequestMeta } from "@/lib/http/request-meta";
import { newId } from "@/lib/ids";
import { recordSecurityEvent } from "@/lib/security-events/record-security-event";
import { requireUnlockedWallet } from "@/lib/sessions/require-unlocked-wallet";
import { passkeyNameSchema } from "@/lib/users/handle";
import type { AccountSession } from "./confirm-account-change";
import type { AddPasskeyGrant } from "./start-adding-passkey";
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
      const grant = JSON.parse(credential.pendingData ?? "null") as AddPasskeyGrant | null;
      if (grant?.kind !== "passkey.add" || grant.sessionId !== input.session.sessionId) {
        throw new AppError("STEP_UP_REQUIRED", "Confirm with one of your passkeys before adding another.");
      }
      const name = input.name ? passkeyNameSchema.parse(input.name) : credential.suggestedName;
      const passkeyId = newId("passkey");
      await tx.insert(passkeys).values({
        id: passkeyId,
        userId: actor.userId,
        credentialId: credential.credentialId,
        publicKey: credential.publicKey,
        counter: credential.counter,
        transports: credential.transports,
        deviceType: credential.deviceType,
        backedUp: credential.backedUp,
        aaguid: credential.aaguid,
        name,
      });
      await recordAuditEvent(tx, {
        action: "passkey.added",
        actor,
        targetType: "passkey",
        targetId: passkeyId,
        ip: input.meta.ip,
        data: { deviceType: credential.deviceType, transports: credential.transports },
      });
      await recordSecurityEvent(tx, {
        userId: actor.userId,
        kind: "passkey_added",
        detail: name,
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
