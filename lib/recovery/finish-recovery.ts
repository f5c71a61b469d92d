import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { uniqueViolationOf } from "@/db/postgres-errors";
import { accountRecoveries, recoveryCodes } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { userActor } from "@/lib/auth/actor";
import { getRelyingParty, type RelyingParty } from "@/lib/auth/webauthn-config";
import { isAppError } from "@/lib/errors";
import type { RequestMeta } from "@/lib/http/request-meta";
import { pendingOf, storePasskey } from "@/lib/passkeys/store-passkey";
import { verifyNewCredential } from "@/lib/passkeys/verify-new-credential";
import { recordSecurityEvent } from "@/lib/security-events/record-security-event";
import { createPendingSession } from "@/lib/sessions/create-pending-session";
import { noteBrowser } from "@/lib/sessions/note-browser";
import { revokeUserSessions } from "@/lib/sessions/revoke-user-sessions";
import { findRecoveryAccount, recoveryRefused } from "./find-recovery-account";
import type { RecoveryGrant } from "./start-recovery";

/**
 * Enrols the new passkey made for `startRecovery`'s challenge and spends the recovery code, once (a guarded
 * update, so two concurrent uses cannot both succeed); ends every session of the account, records the recovery
 * (which starts the 24-hour outflow rule, see checkRecoveryOutflow), the audit log and the security events, and
 * returns a one-time proof that signs the person in with a new session. All in one transaction.
 */
export async function finishRecovery(
  db: Db,
  input: { handle: string; code: string; response: unknown; meta: RequestMeta; browserToken?: string | null },
  rp: RelyingParty = getRelyingParty(),
): Promise<{ userId: string; proof: string; browserToken: string }> {
  const account = await findRecoveryAccount(db, { ...input, attempt: "recovery.verify" });
  const actor = userActor({ userId: account.userId, partyId: account.partyId });
  const ip = input.meta.ip;
  try {
    return await db.transaction(async (tx) => {
      const credential = await verifyNewCredential(
        tx,
        { response: input.response, userId: account.userId },
        rp,
      );
      const grant = pendingOf<RecoveryGrant>(credential);
      if (grant?.kind !== "recovery" || grant.codeHash !== account.codeHash) throw recoveryRefused();
      const spent = await tx
        .update(recoveryCodes)
        .set({ usedAt: sql`now()` })
        .where(
          and(
            eq(recoveryCodes.codeHash, account.codeHash),
            eq(recoveryCodes.userId, account.userId),
            isNull(recoveryCodes.usedAt),
          ),
        )
        .returning({ id: recoveryCodes.id });
      if (spent.length === 0) throw recoveryRefused();
      await revokeUserSessions(tx, { actor, userId: account.userId, reason: "recovery code used", ip });
      const name = `${credential.suggestedName} (added with a recovery code)`;
      const passkeyId = await storePasskey(tx, credential, { userId: account.userId, name, usedNow: true });
      await tx
        .insert(accountRecoveries)
        .values({ userId: account.userId, credentialId: credential.credentialId });
      await recordAuditEvent(tx, {
        action: "auth.recovery_used",
        actor,
        targetType: "passkey",
        targetId: passkeyId,
        ip,
        data: { recoveryCodeId: String(spent[0]?.id), deviceType: credential.deviceType },
      });
      await recordSecurityEvent(tx, { userId: account.userId, kind: "recovery_used", detail: name, ip });
      const { proof } = await createPendingSession(tx, {
        userId: account.userId,
        passkeyId,
        meta: input.meta,
      });
      // The recovery event already tells the person; the browser is remembered for the next sign-in.
      const browser = await noteBrowser(tx, {
        userId: account.userId,
        token: input.browserToken ?? null,
        ...input.meta,
        quiet: true,
      });
      return { userId: account.userId, proof, browserToken: browser.token };
    });
  } catch (error) {
    if (isAppError(error)) {
      await recordAuditEvent(db, {
        action: "auth.recovery_failed",
        actor,
        targetType: "user",
        targetId: account.userId,
        reason: error.message.slice(0, 300),
        ip,
      });
    }
    if (uniqueViolationOf(error) === "passkeys_credential_id_unique") throw recoveryRefused();
    throw error;
  }
}
