import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { verifyPasskeyAssertion } from "./fast-assertion";
import { challengeCommitsTo, type Operation, operationDigest } from "./operations";
import { challengeOfResponse } from "./step-up-challenge";

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
    const verification = await verifyPasskeyAssertion({
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
