import "server-only";
import {
  generateAuthenticationOptions,
  type PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/server";
import type { DbOrTx } from "@/db/client";
import { limitAttempt } from "@/lib/auth/rate-limits";
import { challengeLifetimeMs } from "@/lib/auth/step-up-challenge";
import { getRelyingParty, type RelyingParty } from "@/lib/auth/webauthn-config";
import type { RequestMeta } from "@/lib/http/request-meta";
import { storePasskeyChallenge } from "./passkey-challenge";

/**
 * Sign-in options for a discoverable credential (no allow list, so browser autofill can offer any of the
 * person's passkeys), user verification required; the challenge is stored for single use.
 */
export async function startPasskeySignIn(
  db: DbOrTx,
  input: { meta: RequestMeta },
  rp: RelyingParty = getRelyingParty(),
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  await limitAttempt(db, "signin.options", { ip: input.meta.ip });
  const options = await generateAuthenticationOptions({
    rpID: rp.rpID,
    userVerification: "required",
    timeout: challengeLifetimeMs,
  });
  await storePasskeyChallenge(db, { challenge: options.challenge, purpose: "authentication" });
  return options;
}
