import { canonicalJson, type Json } from "@/lib/auth/canonical-json";
import type { Operation } from "@/lib/auth/operations";
import {
  concatBytes,
  fromBase64Url,
  sameBytes,
  textOfBase64Url,
  toBase64Url,
} from "@/lib/encoding/base64url";
import { verifyWithCoseKey } from "./cose-key";

/** Where the terminal expects a passkey assertion to have been made: the site and its relying-party id. */
export interface TerminalRelyingParty {
  origin: string;
  rpID: string;
}

export type AssertionCheck = { ok: true } | { ok: false; text: string };

const userPresent = 0x01;
const userVerified = 0x04;
const nonceBytes = 16;
const digestBytes = 32;
const fail = (text: string): AssertionCheck => ({ ok: false, text });

const sha256 = async (bytes: Uint8Array) =>
  new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as BufferSource));
const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);
const areStrings = (...values: unknown[]) => values.every((value) => typeof value === "string");

/** SHA-256 of the operation's canonical JSON, or undefined when it is not plain JSON with safe integers. */
async function digestOf(operation: unknown): Promise<Uint8Array | undefined> {
  try {
    return await sha256(new TextEncoder().encode(canonicalJson(operation as Json)));
  } catch {
    return undefined;
  }
}

/**
 * Re-verifies a recorded passkey assertion in the terminal, as the server's verifyRecordedAuthorization does: the
 * operation's digest, a challenge of 16 bytes followed by that digest, clientDataJSON of type webauthn.get with
 * that challenge and `rp.origin`, authenticator data for `rp.rpID` with the user present and verified, and the
 * signature under the recorded COSE public key. Says what failed in plain words. The public key comes with the
 * record (the passkey the server registered for the giver), so what the terminal proves on its own is that an
 * authenticator holding that key signed exactly these terms on this site; that the key is the giver's rests on
 * the server's registration, as it does for the server's own re-checks of a coupon's history.
 * Never throws.
 */
export async function checkRecordedAssertion(
  recorded: unknown,
  rp: TerminalRelyingParty,
): Promise<AssertionCheck> {
  if (!isObject(recorded) || recorded.kind !== "passkey" || !isObject(recorded.response)) {
    return fail("The giver's passkey confirmation is missing.");
  }
  const { operation, response } = recorded;
  const signed = isObject(response.response) ? response.response : {};
  const { clientDataJSON, authenticatorData, signature } = signed;
  if (
    !isObject(operation) ||
    typeof operation.type !== "string" ||
    !areStrings(recorded.publicKey, recorded.credentialId, recorded.digest, recorded.challenge) ||
    !areStrings(clientDataJSON, authenticatorData, signature)
  ) {
    return fail("The giver's passkey confirmation could not be read.");
  }
  const digest = await digestOf(operation);
  if (!digest || recorded.digest !== toBase64Url(digest)) {
    return fail("The giver's passkey confirmation does not match the terms it claims to confirm.");
  }
  const challenge = fromBase64Url(recorded.challenge as string);
  if (challenge?.length !== nonceBytes + digestBytes || !sameBytes(challenge.subarray(nonceBytes), digest)) {
    return fail("The giver's passkey confirmation was not asked for these terms.");
  }
  if (
    response.id !== recorded.credentialId ||
    response.rawId !== response.id ||
    response.type !== "public-key"
  ) {
    return fail("The giver's passkey confirmation names another passkey.");
  }
  const clientText = textOfBase64Url(clientDataJSON as string);
  let client: unknown;
  try {
    client = JSON.parse(clientText ?? "");
  } catch {
    client = undefined;
  }
  if (!isObject(client) || client.type !== "webauthn.get" || client.challenge !== recorded.challenge) {
    return fail("The giver's passkey did not sign these terms.");
  }
  if (client.origin !== rp.origin || client.topOrigin !== undefined) {
    return fail("The giver's passkey confirmation was made on another site.");
  }
  const authData = fromBase64Url(authenticatorData as string);
  if (!authData || authData.length < 37) return fail("The giver's passkey confirmation could not be read.");
  const rpIdHash = await sha256(new TextEncoder().encode(rp.rpID));
  if (!sameBytes(authData.subarray(0, 32), rpIdHash)) {
    return fail("The giver's passkey confirmation was made for another site.");
  }
  const flags = authData[32]!;
  if (!(flags & userPresent) || !(flags & userVerified)) {
    return fail("The giver's passkey confirmation was made without verifying the giver.");
  }
  const publicKey = fromBase64Url(recorded.publicKey as string);
  const signatureBytes = fromBase64Url(signature as string);
  const clientBytes = fromBase64Url(clientDataJSON as string);
  if (!publicKey || !signatureBytes || !clientBytes)
    return fail("The giver's passkey signature is not valid.");
  const signedBytes = concatBytes(authData, await sha256(clientBytes));
  const verdict = await verifyWithCoseKey(publicKey, signedBytes, signatureBytes);
  if (verdict === "unsupported") return fail("The giver's passkey is of a kind this device cannot check.");
  if (verdict === "invalid") return fail("The giver's passkey signature is not valid.");
  return { ok: true };
}

/**
 * The operation a recorded assertion claims to confirm, when it is plain JSON with a type (whether the passkey
 * really signed it is checkRecordedAssertion's question), else undefined.
 */
export function recordedOperationOf(recorded: unknown): Operation | undefined {
  const operation = isObject(recorded) ? recorded.operation : undefined;
  if (!isObject(operation) || typeof operation.type !== "string") return undefined;
  try {
    canonicalJson(operation as Json);
    return operation as Operation;
  } catch {
    return undefined;
  }
}
