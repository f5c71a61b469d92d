import "server-only";
import type { DbOrTx } from "@/db/client";
import { uniqueViolationOf } from "@/db/postgres-errors";
import { parties, users } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { userActor } from "@/lib/auth/actor";
import { limitAttempt } from "@/lib/auth/rate-limits";
import { getRelyingParty, type RelyingParty } from "@/lib/auth/webauthn-config";
import { AppError } from "@/lib/errors";
import type { RequestMeta } from "@/lib/http/request-meta";
import { newId } from "@/lib/ids";
import { createRecoveryCodes } from "@/lib/recovery/create-recovery-codes";
import { createPendingSession } from "@/lib/sessions/create-pending-session";
import { noteBrowser } from "@/lib/sessions/note-browser";
import type { PendingSignUp } from "./start-passkey-sign-up";
import { pendingOf, recordPasskeyAdded, storePasskey } from "./store-passkey";
import { verifyNewCredential } from "./verify-new-credential";

/**
 * Creates the account, its wallet party, first passkey and first set of recovery codes from a verified
 * registration — all or nothing — and returns a one-time proof that next-auth exchanges for the session, and
 * the recovery codes (the only time they exist in clear: the sign-up screen shows them once).
 */
export async function finishPasskeySignUp(
  db: DbOrTx,
  input: { response: unknown; meta: RequestMeta; browserToken?: string | null },
  rp: RelyingParty = getRelyingParty(),
): Promise<{ userId: string; proof: string; recoveryCodes: string[]; browserToken: string }> {
  await limitAttempt(db, "signup.verify", { ip: input.meta.ip });
  try {
    return await db.transaction(async (tx) => {
      const credential = await verifyNewCredential(tx, { response: input.response, userId: null }, rp);
      const pending = pendingOf<PendingSignUp>(credential);
      if (!pending) throw new AppError("PASSKEY_INVALID", "This sign-up request is not valid.");
      const partyId = newId("party");
      const userId = newId("user");
      await tx.insert(parties).values({ id: partyId, kind: "user", displayName: pending.displayName });
      await tx.insert(users).values({
        id: userId,
        partyId,
        handle: pending.handle,
        displayName: pending.displayName,
        webauthnUserId: pending.webauthnUserId,
      });
      // Registering it was its first use: it also signs this first session in.
      const name = credential.suggestedName;
      const passkeyId = await storePasskey(tx, credential, { userId, name, usedNow: true });
      const actor = userActor({ userId, partyId });
      await recordAuditEvent(tx, {
        action: "auth.signup",
        actor,
        targetType: "user",
        targetId: userId,
        ip: input.meta.ip,
        data: { handle: pending.handle },
      });
      await recordPasskeyAdded(tx, { actor, userId, passkeyId, credential, name, ip: input.meta.ip });
      const recoveryCodes = await createRecoveryCodes(tx, { userId, ip: input.meta.ip });
      const { proof } = await createPendingSession(tx, { userId, passkeyId, meta: input.meta });
      // The browser the account was created in is its first known one: nothing to warn about.
      const browser = await noteBrowser(tx, {
        userId,
        token: input.browserToken ?? null,
        ...input.meta,
        quiet: true,
      });
      return { userId, proof, recoveryCodes, browserToken: browser.token };
    });
  } catch (error) {
    const constraint = uniqueViolationOf(error);
    if (constraint === "users_handle_lower_unique") {
      throw new AppError("HANDLE_TAKEN", "That handle was taken a moment ago; please choose another.");
    }
    if (constraint === "passkeys_credential_id_unique") {
      throw new AppError("PASSKEY_INVALID", "This passkey is already registered.");
    }
    throw error;
  }
}
