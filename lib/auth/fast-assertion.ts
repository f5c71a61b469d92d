import "server-only";
import { createHash, verify } from "node:crypto";
import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { cborItemEnd, extensionsEnd } from "./fast-assertion-cbor";
import { keyObjectFor } from "./fast-assertion-key";

/**
 * Verifies a passkey assertion with node:crypto and a cached KeyObject, as @simplewebauthn/server's
 * verifyAuthenticationResponse does (v13, esm/authentication/verifyAuthenticationResponse.js): the same checks in
 * the same order, throwing where it throws and answering `verified: false` where it does (a signature that does not
 * verify). Only what Scrip passes is supported: no expectedType, expectedTopOrigin or advancedFIDOConfig, and keys
 * of the kinds Scrip registers (ES256, EdDSA, RS256). lib/auth/fast-assertion.test.ts runs both over one corpus.
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

/** What Scrip reads of SimpleWebAuthn's answer (`verified` and `authenticationInfo.newCounter / userVerified`). */
export interface FastAssertionVerdict {
  verified: boolean;
  newCounter: number;
  userVerified: boolean;
}

const base64UrlText = /^[-A-Za-z0-9_]*$/;

/**
 * SimpleWebAuthn's isBase64URL (padding ignored, then only the url alphabet; a throw for a non-string), and then
 * padding only where it belongs, the one place its decoder reads it alike.
 */
function isBase64Url(value: unknown): boolean {
  if (typeof value !== "string") throw new TypeError("Expected a base64url string");
  if (!base64UrlText.test(value.replace(/=/g, ""))) return false;
  const padding = /=*$/.exec(value)![0].length;
  if (padding > 0 && (padding > 2 || value.length % 4 !== 0 || value.slice(0, -padding).includes("="))) {
    throw new Error("Misplaced base64url padding");
  }
  return !value.slice(0, value.length - padding).includes("=");
}

function oneOf(expected: string | string[], value: unknown): boolean {
  return Array.isArray(expected) ? expected.includes(value as string) : value === expected;
}

/**
 * A canonical DER ECDSA-Sig-Value (SEQUENCE of two positive minimal INTEGERs of at most 32 bytes) or a throw.
 * Stricter than SimpleWebAuthn's BER-lenient ASN.1 parser, which also accepts another outer tag class, trailing
 * bytes and long-form lengths (the test lists those cases); authenticators send DER.
 */
function requireDerSignature(der: Uint8Array): void {
  const fail = () => {
    throw new Error("Signature is not a DER ECDSA signature");
  };
  if (der.length < 8 || der[0] !== 0x30 || der[1]! >= 0x80 || der[1] !== der.length - 2) fail();
  let offset = 2;
  for (const _half of [0, 1]) {
    const length = der[offset + 1] ?? 0;
    if (der[offset] !== 0x02 || length < 1 || length > 33 || offset + 2 + length > der.length) fail();
    const [lead, next] = [der[offset + 2]!, der[offset + 3] ?? 0];
    if (lead & 0x80 || (lead === 0 && (length === 1 || !(next & 0x80))) || (length === 33 && lead !== 0))
      fail();
    offset += 2 + length;
  }
  if (offset !== der.length) fail();
}

interface ParsedAuthData {
  rpIdHash: Buffer;
  up: boolean;
  uv: boolean;
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
    counter: authData.readUInt32BE(33),
  };
}

const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest();

export function verifyAssertion(input: FastAssertionInput): FastAssertionVerdict {
  const { response, expectedChallenge, expectedOrigin, expectedRPID, credential } = input;
  const requireUserVerification = input.requireUserVerification ?? true;
  const { id, rawId, type: credentialType, response: assertion } = response;
  if (!id) throw new Error("Missing credential ID");
  if (id !== rawId) throw new Error("Credential ID was not base64url-encoded");
  if (credentialType !== "public-key") throw new Error(`Unexpected credential type ${credentialType}`);
  if (typeof assertion?.clientDataJSON !== "string") {
    throw new Error("Credential response clientDataJSON was not a string");
  }
  // SimpleWebAuthn decodes a character outside the alphabet (padding included) as zero bits, to garbage; refused.
  if (!base64UrlText.test(assertion.clientDataJSON)) throw new Error("clientDataJSON was not base64url");
  const clientDataBytes = Buffer.from(assertion.clientDataJSON, "base64url");
  const clientData = JSON.parse(clientDataBytes.toString("utf8"));
  const { type, origin, challenge, tokenBinding, topOrigin } = clientData;
  if (type !== "webauthn.get") throw new Error(`Unexpected authentication response type: ${type}`);
  if (challenge !== expectedChallenge) throw new Error("Unexpected authentication response challenge");
  // Without an expected top origin SimpleWebAuthn refuses any topOrigin, cross-origin or not.
  if (topOrigin) throw new Error("Unexpected top origin in authentication response");
  if (!oneOf(expectedOrigin, origin))
    throw new Error(`Unexpected authentication response origin "${origin}"`);
  if (!isBase64Url(assertion.authenticatorData)) {
    throw new Error("Credential response authenticatorData was not a base64url string");
  }
  if (!isBase64Url(assertion.signature))
    throw new Error("Credential response signature was not a base64url string");
  if (assertion.userHandle && typeof assertion.userHandle !== "string") {
    throw new Error("Credential response userHandle was not a string");
  }
  if (tokenBinding) {
    if (typeof tokenBinding !== "object") throw new Error("ClientDataJSON tokenBinding was not an object");
    if (!["present", "supported", "notSupported"].includes(tokenBinding.status)) {
      throw new Error(`Unexpected tokenBinding status ${tokenBinding.status}`);
    }
  }
  const authData = Buffer.from(assertion.authenticatorData, "base64url");
  const { rpIdHash, up, uv, counter } = parseAuthData(authData);
  const rpIds = typeof expectedRPID === "string" ? [expectedRPID] : expectedRPID;
  if (!rpIds.some((rpId) => sha256(rpId).equals(rpIdHash))) throw new Error("Unexpected RP ID hash");
  if (!up) throw new Error("User not present during authentication");
  if (requireUserVerification && !uv)
    throw new Error("User verification required, but user could not be verified");
  const signed = Buffer.concat([authData, sha256(clientDataBytes)]);
  const signature = Buffer.from(assertion.signature, "base64url");
  if ((counter > 0 || credential.counter > 0) && counter <= credential.counter) {
    throw new Error(`Response counter value ${counter} was lower than expected ${credential.counter}`);
  }
  const { algorithm, key } = keyObjectFor(credential.id, credential.publicKey);
  if (algorithm === "ES256") requireDerSignature(signature);
  const verified = verify(
    algorithm === "EdDSA" ? null : "sha256",
    signed,
    { key, dsaEncoding: "der" },
    signature,
  );
  return { verified, newCounter: counter, userVerified: uv };
}
