import "server-only";
import {
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
} from "@simplewebauthn/server";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { passkeys, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { limitAttempt } from "@/lib/auth/rate-limits";
import type { RequestMeta } from "@/lib/auth/request-meta";
import { challengeLifetimeMs } from "@/lib/auth/step-up";
import { getRelyingParty, type RelyingParty } from "@/lib/auth/webauthn-config";
import { AppError } from "@/lib/errors";
import { storePasskeyChallenge } from "./passkey-challenge";

/** Most passkeys one account may hold. */
export const passkeysPerUserMax = 20;

/**
 * Registration options for another passkey of the signed-in person (platform passkey or security key),
 * excluding the credentials they already have.
 */
export async function startAddingPasskey(
  db: DbOrTx,
  input: { actor: Actor; meta: RequestMeta },
  rp: RelyingParty = getRelyingParty(),
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const { actor } = input;
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only a person can add a passkey.");
  await limitAttempt(db, "passkey.add", { ip: input.meta.ip, accountId: actor.userId });
  const [user] = await db.select().from(users).where(eq(users.id, actor.userId));
  if (!user) throw new AppError("UNAUTHENTICATED", "Please sign in again.");
  const existing = await db
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
  });
  await storePasskeyChallenge(db, { challenge: options.challenge, purpose: "registration", userId: user.id });
  return options;
}
