import "server-only";
import { createHash, verify } from "node:crypto";
import { type AuthenticationResponseJSON, verifyAuthenticationResponse } from "@simplewebauthn/server";
import { cborItemEnd, extensionsEnd } from "./fast-assertion-cbor";
import { keyObjectFor } from "./fast-assertion-key";

/**
 * Verifies a passkey assertion with node:crypto and a cached KeyObject, as @simplewebauthn/server's
 * verifyAuthenticationResponse does (v14, esm/authentication/verifyAuthenticationResponse.js): the same checks in
 * the same order, throwing where it throws and answering `verified: false` where it does (a signature that does not
 * verify). Only what Scrip passes is supported: no expectedType, expectedTopOrigin or advancedFIDOConfig. Keys of
 * the kinds Scrip registers (ES256, EdDSA, RS256) with ECDSA signatures in DER are verified here; anything else
 * (another key kind, a BER-only ECDSA signature) is handed to the library itself, so the verdict is always the
 * library's. lib/auth/fast-assertion.test.ts runs both over one corpus.
 */
export interface FastAssertionInput {
  response: AuthenticationResponseJSON;
  expectedChallenge: string;
  expectedOrigin: string | string[];
  expectedRPID: string | string[];
  credential: { id: string; publicKey: Uint8Array; counter: number };
  /** As SimpleWebAuthn, true unless said otherwise. */
  requireUserVerification?: boolean;
}

/**
 * What Scrip reads of SimpleWebAuthn's answer (`verified` and `authenticationInfo.newCounter / userVerified /
 * credentialBackedUp`).
 */
export interface FastAssertionVerdict {
  verified: boolean;
  newCounter: number;
  userVerified: boolean;
  credentialBackedUp: boolean;
}

const base64UrlText = /^[-A-Za-z0-9_]*$/;

/**
 * Whether `value` is base64url without padding or any other character, which Buffer decodes as SimpleWebAuthn's
 * decoder (@hexagon/base64) does. That decoder reads anything else its own way (padding anywhere, a stray
 * character as zero bits), so such fields go to the library.
 */
const isPlainBase64Url = (value: unknown): value is string =>
  typeof value === "string" && base64UrlText.test(value);

function oneOf(expected: string | string[], value: unknown): boolean {
  return Array.isArray(expected) ? expected.includes(value as string) : value === expected;
}

/**
 * Whether `der` is a canonical DER ECDSA-Sig-Value (SEQUENCE of two positive minimal INTEGERs of at most 32
 * bytes), which node:crypto reads as SimpleWebAuthn's ASN.1 parser does. That parser reads BER (another outer tag
 * class, trailing bytes, long-form lengths, negative or padded integers: the test lists such cases), so any other
 * signature goes to the library. Authenticators send DER.
 */
function isDerSignature(der: Uint8Array): boolean {
  if (der.length < 8 || der[0] !== 0x30 || der[1]! >= 0x80 || der[1] !== der.length - 2) return false;
  let offset = 2;
  for (const _half of [0, 1]) {
    const length = der[offset + 1] ?? 0;
    if (der[offset] !== 0x02 || length < 1 || length > 33 || offset + 2 + length > der.length) return false;
    const [lead, next] = [der[offset + 2]!, der[offset + 3] ?? 0];
    if (lead & 0x80 || (lead === 0 && (length === 1 || !(next & 0x80))) || (length === 33 && lead !== 0))
      return false;
    offset += 2 + length;
  }
  return offset === der.length;
}

interface ParsedAuthData {
  rpIdHash: Buffer;
  up: boolean;
  uv: boolean;
  be: boolean;
  bs: boolean;
  counter: number;
}

/** SimpleWebAuthn's parseAuthenticatorData, for what an assertion check reads. */
function parseAuthData(authData: Buffer): ParsedAuthData {
  if (authData.length < 37) {
    throw new Error(`Authenticator data was ${authData.length} bytes, expected at least 37 bytes`);
  }
  const flags = authData[32]!;
  let pointer = 37;
  if (flags & 0x40) {
    if (pointer + 18 > authData.length) throw new RangeError("Attested credential data truncated");
    pointer += 18 + authData.readUInt16BE(pointer + 16);
    pointer = cborItemEnd(authData, pointer);
  }
  if (flags & 0x80) pointer = extensionsEnd(authData, pointer);
  if (authData.length > pointer) throw new Error("Leftover bytes detected while parsing authenticator data");
  return {
    rpIdHash: authData.subarray(0, 32),
    up: (flags & 0x01) !== 0,
    uv: (flags & 0x04) !== 0,
    be: (flags & 0x08) !== 0,
    bs: (flags & 0x10) !== 0,
    counter: authData.readUInt32BE(33),
  };
}

const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest();

/**
 * The fast half: SimpleWebAuthn's verdict computed here, or null when the key or the signature's encoding is one
 * this code leaves to the library (then `verifyPasskeyAssertion` asks it). Throws where the library throws.
 */
export function verifyAssertionFast(input: FastAssertionInput): FastAssertionVerdict | null {
  const { response, expectedChallenge, expectedOrigin, expectedRPID, credential } = input;
  const requireUserVerification = input.requireUserVerification ?? true;
  const { id, rawId, type: credentialType, response: assertion } = response;
  if (!id) throw new Error("Missing credential ID");
  if (id !== rawId) throw new Error("Credential ID was not base64url-encoded");
  if (credentialType !== "public-key") throw new Error(`Unexpected credential type ${credentialType}`);
  if (typeof assertion?.clientDataJSON !== "string") {
    throw new Error("Credential response clientDataJSON was not a string");
  }
  const { clientDataJSON, authenticatorData, signature: signatureText } = assertion;
  if (![clientDataJSON, authenticatorData, signatureText].every(isPlainBase64Url)) return null;
  const clientDataBytes = Buffer.from(clientDataJSON, "base64url");
  const clientData = JSON.parse(clientDataBytes.toString("utf8"));
  const { type, origin, challenge, tokenBinding, topOrigin } = clientData;
  if (type !== "webauthn.get") throw new Error(`Unexpected authentication response type: ${type}`);
  if (challenge !== expectedChallenge) throw new Error("Unexpected authentication response challenge");
  // Without an expected top origin SimpleWebAuthn refuses any topOrigin, cross-origin or not.
  if (topOrigin) throw new Error("Unexpected top origin in authentication response");
  if (!oneOf(expectedOrigin, origin))
    throw new Error(`Unexpected authentication response origin "${origin}"`);
  if (assertion.userHandle && typeof assertion.userHandle !== "string") {
    throw new Error("Credential response userHandle was not a string");
  }
  if (tokenBinding) {
    if (typeof tokenBinding !== "object") throw new Error("ClientDataJSON tokenBinding was not an object");
    if (!["present", "supported", "notSupported"].includes(tokenBinding.status)) {
      throw new Error(`Unexpected tokenBinding status ${tokenBinding.status}`);
    }
  }
  const authData = Buffer.from(authenticatorData, "base64url");
  const { rpIdHash, up, uv, be, bs, counter } = parseAuthData(authData);
  const rpIds = typeof expectedRPID === "string" ? [expectedRPID] : expectedRPID;
  if (!rpIds.some((rpId) => sha256(rpId).equals(rpIdHash))) throw new Error("Unexpected RP ID hash");
  if (!up) throw new Error("User not present during authentication");
  if (requireUserVerification && !uv)
    throw new Error("User verification required, but user could not be verified");
  const signed = Buffer.concat([authData, sha256(clientDataBytes)]);
  const signature = Buffer.from(signatureText, "base64url");
  if ((counter > 0 || credential.counter > 0) && counter <= credential.counter) {
    throw new Error(`Response counter value ${counter} was lower than expected ${credential.counter}`);
  }
  const imported = keyObjectFor(credential.id, credential.publicKey);
  if (!imported) return null;
  const { algorithm, key } = imported;
  if (bs && !be) {
    throw new Error("Single-device credential indicated that it was backed up, which should be impossible.");
  }
  if (algorithm === "ES256" && !isDerSignature(signature)) return null;
  const verified = verify(
    algorithm === "EdDSA" ? null : "sha256",
    signed,
    { key, dsaEncoding: "der" },
    signature,
  );
  return { verified, newCounter: counter, userVerified: uv, credentialBackedUp: bs };
}

/**
 * Verifies a passkey assertion with SimpleWebAuthn's verdict: here with node:crypto for the keys and encodings
 * authenticators use, through the library for anything else (an algorithm Scrip does not read, a BER signature).
 * Throws where the library throws.
 */
export async function verifyPasskeyAssertion(input: FastAssertionInput): Promise<FastAssertionVerdict> {
  const fast = verifyAssertionFast(input);
  if (fast) return fast;
  const { credential, ...rest } = input;
  const { verified, authenticationInfo } = await verifyAuthenticationResponse({
    ...rest,
    credential: {
      id: credential.id,
      publicKey: new Uint8Array(credential.publicKey),
      counter: credential.counter,
    },
  });
  return {
    verified,
    newCounter: authenticationInfo.newCounter,
    userVerified: authenticationInfo.userVerified,
    credentialBackedUp: authenticationInfo.credentialBackedUp,
  };
}
