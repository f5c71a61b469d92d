import "server-only";
import {
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
} from "@simplewebauthn/server";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { passkeys } from "@/db/schema";
import { challengeLifetimeMs } from "@/lib/auth/step-up-challenge";
import type { RelyingParty } from "@/lib/auth/webauthn-config";
import { AppError } from "@/lib/errors";
import { storePasskeyChallenge } from "./passkey-challenge";

/** Most passkeys one account may hold. */
export const passkeysPerUserMax = 20;

/**
 * Registration options for one more passkey of an existing account (added from settings, or through recovery),
 * excluding the credentials it already has, with the server-side challenge bound to `grant`. Refuses an account
 * that already holds the most passkeys allowed. For a new account (sign-up) `user.id` is null: it has none yet.
 */
export async function createRegistrationOptions(
  db: DbOrTx,
  input: {
    user: { id: string | null; handle: string; displayName: string; webauthnUserId: string };
    /** What the challenge is bound to (read back when the registration finishes). */
    grant: object;
  },
  rp: RelyingParty,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const { user } = input;
  const existing =
    user.id === null
      ? []
      : await db
          .select({ credentialId: passkeys.credentialId, transports: passkeys.transports })
          .from(passkeys)
          .where(eq(passkeys.userId, user.id));
  if (existing.length >= passkeysPerUserMax) {
    throw new AppError("LIMIT_EXCEEDED", `An account can hold at most ${passkeysPerUserMax} passkeys.`);
  }
  const options = await generateRegistrationOptions({
    rpName: rp.rpName,
    rpID: rp.rpID,
    userName: user.handle,
    userDisplayName: user.displayName,
    userID: new Uint8Array(Buffer.from(user.webauthnUserId, "base64url")),
    attestationType: "none",
    excludeCredentials: existing.map((c) => ({ id: c.credentialId, transports: c.transports })),
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
    timeout: challengeLifetimeMs,
    // PRF at creation, so platform authenticators enable it: the wallet terminal derives its key from it.
    extensions: { prf: {} },
  });
  await storePasskeyChallenge(db, {
    challenge: options.challenge,
    purpose: "registration",
    userId: user.id,
    pendingData: input.grant,
  });
  return options;
}
