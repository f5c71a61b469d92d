import type {
  AuthenticationResponseJSON,
  AuthenticatorTransport,
  PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/server";
import { generateAuthenticationOptions, verifyAuthenticationResponse } from "@simplewebauthn/server";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { passkeys, webauthnChallenges } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { challengeCommitsTo, makeOperationChallenge, type Operation, operationDigest } from "./operations";
import { getRelyingParty, type RelyingParty } from "./webauthn-config";

/** Challenges live five minutes and are consumed on first use. */
export const challengeLifetimeMs = 5 * 60_000;

/**
 * A verified passkey assertion over one operation, recorded with everything needed to re-verify it later
 * (the public key too, so history still verifies after the passkey is removed).
 */
export interface PasskeyAuthorization {
  kind: "passkey";
  userId: string;
  credentialId: string;
  /** COSE public key, base64url. */
  publicKey: string;
  operation: Operation;
  digest: string;
  challenge: string;
  origin: string;
  rpID: string;
  response: AuthenticationResponseJSON;
  verifiedAt: string;
}

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

const invalid = (message: string) => new AppError("STEP_UP_INVALID", message);

/**
 * Verifies a step-up assertion for `operation` by `userId` and consumes its challenge, inside the caller's
 * transaction so the challenge is spent only if the operation commits. Refuses replayed, expired, mismatched
 * or foreign assertions, missing user verification, and counters that do not move forward.
 */
export async function verifyStepUp(
  tx: DbOrTx,
  input: { userId: string; operation: Operation; response: unknown },
  rp: RelyingParty = getRelyingParty(),
): Promise<PasskeyAuthorization> {
  const response = input.response as AuthenticationResponseJSON;
  if (!response || typeof response !== "object" || typeof response.id !== "string" || !response.response) {
    throw invalid("The passkey confirmation is missing or malformed.");
  }
  const challenge = challengeOfResponse(response);
  if (!challenge) throw invalid("The passkey confirmation is malformed.");
  const digest = operationDigest(input.operation);
  if (!challengeCommitsTo(challenge, digest)) {
    throw invalid("This passkey confirmation was made for a different operation.");
  }
  const [consumed] = await tx
    .update(webauthnChallenges)
    .set({ consumedAt: sql`now()` })
    .where(
      and(
        eq(webauthnChallenges.challenge, challenge),
        eq(webauthnChallenges.purpose, "step_up"),
        eq(webauthnChallenges.userId, input.userId),
        eq(webauthnChallenges.operationDigest, digest),
        isNull(webauthnChallenges.consumedAt),
        gt(webauthnChallenges.expiresAt, sql`now()`),
      ),
    )
    .returning({ id: webauthnChallenges.id });
  if (!consumed) throw invalid("This passkey confirmation was already used, has expired, or is not yours.");

  const [passkey] = await tx
    .select()
    .from(passkeys)
    .where(and(eq(passkeys.credentialId, response.id), eq(passkeys.userId, input.userId)));
  if (!passkey) throw invalid("This passkey is not registered to your account.");

  let verification: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
  try {
    verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      credential: {
        id: passkey.credentialId,
        publicKey: new Uint8Array(passkey.publicKey),
        counter: passkey.counter,
        transports: passkey.transports as AuthenticatorTransport[],
      },
      requireUserVerification: true,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : "verification failed";
    throw new AppError("STEP_UP_INVALID", `The passkey confirmation was refused: ${reason}`, {
      cause: error,
    });
  }
  if (!verification.verified || !verification.authenticationInfo.userVerified) {
    throw invalid("The passkey confirmation did not verify the user.");
  }
  // Compare-and-swap on the counter: two concurrent uses of one authenticator cannot both advance it.
  const { newCounter, credentialBackedUp } = verification.authenticationInfo;
  const updated = await tx
    .update(passkeys)
    .set({ counter: newCounter, lastUsedAt: sql`now()`, backedUp: credentialBackedUp })
    .where(and(eq(passkeys.id, passkey.id), eq(passkeys.counter, passkey.counter)))
    .returning({ id: passkeys.id });
  if (updated.length === 0) throw invalid("This passkey was used concurrently; try again.");

  return {
    kind: "passkey",
    userId: input.userId,
    credentialId: passkey.credentialId,
    publicKey: Buffer.from(passkey.publicKey).toString("base64url"),
    operation: input.operation,
    digest,
    challenge,
    origin: rp.origin,
    rpID: rp.rpID,
    response,
    verifiedAt: new Date().toISOString(),
  };
}

/**
 * Re-verifies a recorded authorization offline: the signature against its recorded public key, and that its
 * challenge commits to `expected`. Never throws; used to re-check coupon histories.
 */
export async function verifyRecordedAuthorization(
  authorization: PasskeyAuthorization,
  expected: Operation,
): Promise<boolean> {
  try {
    const digest = operationDigest(expected);
    if (authorization.digest !== digest) return false;
    if (challengeOfResponse(authorization.response) !== authorization.challenge) return false;
    if (!challengeCommitsTo(authorization.challenge, digest)) return false;
    const verification = await verifyAuthenticationResponse({
      response: authorization.response,
      expectedChallenge: authorization.challenge,
      expectedOrigin: authorization.origin,
      expectedRPID: authorization.rpID,
      credential: {
        id: authorization.credentialId,
        publicKey: new Uint8Array(Buffer.from(authorization.publicKey, "base64url")),
        counter: 0,
      },
      requireUserVerification: true,
    });
    return verification.verified && authorization.response.id === authorization.credentialId;
  } catch {
    return false;
  }
}
