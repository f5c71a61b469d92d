import "server-only";
import type { PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/server";
import type { DbOrTx } from "@/db/client";
import { getRelyingParty, type RelyingParty } from "@/lib/auth/webauthn-config";
import type { RequestMeta } from "@/lib/http/request-meta";
import { createRegistrationOptions } from "@/lib/passkeys/create-registration-options";
import { findRecoveryAccount } from "./find-recovery-account";

/** What a recovery registration challenge is bound to: the account and the exact code that unlocked it. */
export interface RecoveryGrant {
  kind: "recovery";
  codeHash: string;
}

/**
 * Registration options for a new passkey of a person who lost theirs, given their handle and an unused
 * recovery code (rate-limited per address and per handle; a wrong pair gets one generic answer). The code is
 * not spent here: `finishRecovery` spends it once, with the new passkey.
 */
export async function startRecovery(
  db: DbOrTx,
  input: { handle: string; code: string; meta: RequestMeta },
  rp: RelyingParty = getRelyingParty(),
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const account = await findRecoveryAccount(db, { ...input, attempt: "recovery.options" });
  const grant: RecoveryGrant = { kind: "recovery", codeHash: account.codeHash };
  const user = {
    id: account.userId,
    handle: account.handle,
    displayName: account.displayName,
    webauthnUserId: account.webauthnUserId,
  };
  return createRegistrationOptions(db, { user, grant }, rp);
}
