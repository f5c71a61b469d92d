import type {
  AuthenticationResponseJSON,
  AuthenticatorTransport,
  PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/server";
import { generateAuthenticationOptions } from "@simplewebauthn/server";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { passkeys, webauthnChallenges } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { makeOperationChallenge, type Operation, operationDigest } from "./operations";
import { getRelyingParty, type RelyingParty } from "./webauthn-config";

/** Challenges live five minutes and are consumed on first use. */
export const challengeLifetimeMs = 5 * 60_000;

/** Issues a step-up challenge that commits to the digest of exactly `operation`, for `userId`'s passkeys. */
export async function createStepUpOptions(
  db: DbOrTx,
  input: { userId: string; operation: Operation },
  rp: RelyingParty = getRelyingParty(),
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const credentials = await db
    .select({ credentialId: passkeys.credentialId, transports: passkeys.transports })
    .from(passkeys)
    .where(eq(passkeys.userId, input.userId));
  if (credentials.length === 0)
    throw new AppError("PASSKEY_INVALID", "This account has no passkey to confirm with.");
  const digest = operationDigest(input.operation);
  const challenge = makeOperationChallenge(digest);
  const options = await generateAuthenticationOptions({
    rpID: rp.rpID,
    challenge: new Uint8Array(Buffer.from(challenge, "base64url")),
    allowCredentials: credentials.map((c) => ({
      id: c.credentialId,
      transports: c.transports as AuthenticatorTransport[],
    })),
    userVerification: "required",
    timeout: challengeLifetimeMs,
  });
  await db.insert(webauthnChallenges).values({
    id: newId("challenge"),
    challenge: options.challenge,
    purpose: "step_up",
    userId: input.userId,
    operationDigest: digest,
    expiresAt: new Date(Date.now() + challengeLifetimeMs),
  });
  return options;
}

/** Reads the challenge out of an assertion's clientDataJSON, or null when it is not well-formed. */
export function challengeOfResponse(response: AuthenticationResponseJSON): string | null {
  try {
    const clientData = JSON.parse(
      Buffer.from(response.response.clientDataJSON, "base64url").toString("utf8"),
    );
    return typeof clientData?.challenge === "string" ? clientData.challenge : null;
  } catch {
    return null;
  }
}
