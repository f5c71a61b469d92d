import "server-only";
import {
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
} from "@simplewebauthn/server";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { passkeys } from "@/db/schema";
import type { RequestMeta } from "@/lib/auth/request-meta";
import { challengeLifetimeMs } from "@/lib/auth/step-up";
import { getRelyingParty, type RelyingParty } from "@/lib/auth/webauthn-config";
import { storePasskeyChallenge } from "@/lib/passkeys/passkey-challenge";
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
  const existing = await db
    .select({ credentialId: passkeys.credentialId, transports: passkeys.transports })
    .from(passkeys)
    .where(eq(passkeys.userId, account.userId));
  const options = await generateRegistrationOptions({
    rpName: rp.rpName,
    rpID: rp.rpID,
    userName: account.handle,
    userDisplayName: account.displayName,
    userID: new Uint8Array(Buffer.from(account.webauthnUserId, "base64url")),
    attestationType: "none",
    excludeCredentials: existing.map((c) => ({ id: c.credentialId, transports: c.transports })),
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
    timeout: challengeLifetimeMs,
  });
  const grant: RecoveryGrant = { kind: "recovery", codeHash: account.codeHash };
  await storePasskeyChallenge(db, {
    challenge: options.challenge,
    purpose: "registration",
    userId: account.userId,
    pendingData: grant,
  });
  return options;
}
