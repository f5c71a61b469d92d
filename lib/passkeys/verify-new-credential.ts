import "server-only";
import type { RegistrationResponseJSON } from "@simplewebauthn/server";
import { verifyRegistrationResponse } from "@simplewebauthn/server";
import type { DbOrTx } from "@/db/client";
import { getRelyingParty, type RelyingParty } from "@/lib/auth/webauthn-config";
import { AppError } from "@/lib/errors";
import { challengeOfClientData, consumePasskeyChallenge } from "./passkey-challenge";

export interface NewCredential {
  credentialId: string;
  publicKey: Uint8Array;
  counter: number;
  transports: string[];
  deviceType: "singleDevice" | "multiDevice";
  backedUp: boolean;
  aaguid: string;
  /** A default name from how the authenticator is reached: security keys say so. */
  suggestedName: string;
}

const roamingTransports = new Set(["usb", "nfc", "ble", "smart-card"]);

/**
 * Consumes the registration challenge and verifies a new credential: exact origin and RP ID, user verification
 * required. Runs in the caller's transaction so the challenge is spent only if the credential is stored.
 */
export async function verifyNewCredential(
  tx: DbOrTx,
  input: { response: unknown; userId: string | null },
  rp: RelyingParty = getRelyingParty(),
): Promise<NewCredential & { pendingData: string | null }> {
  const response = input.response as RegistrationResponseJSON;
  const challenge = challengeOfClientData(response);
  const { pendingData } = await consumePasskeyChallenge(tx, {
    challenge,
    purpose: "registration",
    userId: input.userId,
  });
  let verification: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    verification = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge ?? "",
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      requireUserVerification: true,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : "verification failed";
    throw new AppError("PASSKEY_INVALID", `The new passkey was refused: ${reason}`, { cause: error });
  }
  if (!verification.verified || !verification.registrationInfo.userVerified) {
    throw new AppError("PASSKEY_INVALID", "The new passkey did not verify the user.");
  }
  const info = verification.registrationInfo;
  const transports = (response.response.transports ?? []).filter((t) => typeof t === "string").slice(0, 8);
  const roaming = transports.some((t) => roamingTransports.has(t));
  return {
    pendingData,
    credentialId: info.credential.id,
    publicKey: info.credential.publicKey,
    counter: info.credential.counter,
    transports,
    deviceType: info.credentialDeviceType,
    backedUp: info.credentialBackedUp,
    aaguid: info.aaguid,
    suggestedName: roaming ? "Security key" : "Passkey",
  };
}
