import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from "node:crypto";
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { encodeCbor } from "./cbor";

const UP = 0x01;
const UV = 0x04;
const BE = 0x08;
const BS = 0x10;
const AT = 0x40;

export interface AssertionOverrides {
  origin?: string;
  rpId?: string;
  userVerified?: boolean;
  /** Force a specific counter (e.g. to simulate a cloned authenticator going backwards). */
  counter?: number;
  type?: string;
}

/**
 * The COSE algorithm of a test passkey: ES256 (what platform passkeys use), EdDSA or RS256 (some security keys), or
 * ES384 (P-384, which SimpleWebAuthn verifies and Scrip's fast verifier leaves to it).
 */
export type TestPasskeyAlgorithm = "ES256" | "EdDSA" | "RS256" | "ES384";

/**
 * A software WebAuthn authenticator for tests: a real P-256 key pair (or Ed25519 / RSA with `algorithm`) making
 * genuine signatures over authenticator data + SHA-256(clientDataJSON), exactly as a platform passkey or security
 * key does, so domain tests exercise @simplewebauthn/server's real verification.
 */
export class TestAuthenticator {
  readonly credentialId: string;
  readonly userHandle: string | undefined;
  readonly origin: string;
  readonly rpId: string;
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  readonly algorithm: TestPasskeyAlgorithm;
  counter = 0;

  constructor(
    options: { origin?: string; rpId?: string; userHandle?: string; algorithm?: TestPasskeyAlgorithm } = {},
  ) {
    this.origin = options.origin ?? "http://localhost:3000";
    this.rpId = options.rpId ?? new URL(this.origin).hostname;
    this.userHandle = options.userHandle;
    this.credentialId = randomBytes(16).toString("base64url");
    this.algorithm = options.algorithm ?? "ES256";
    const { privateKey, publicKey } =
      this.algorithm === "EdDSA"
        ? generateKeyPairSync("ed25519")
        : this.algorithm === "RS256"
          ? generateKeyPairSync("rsa", { modulusLength: 2048 })
          : generateKeyPairSync("ec", { namedCurve: this.algorithm === "ES384" ? "P-384" : "P-256" });
    this.privateKey = privateKey;
    this.publicKey = publicKey;
  }

  /** The credential's public key in COSE_Key form (EC2 P-256 ES256, OKP Ed25519 EdDSA or RSA RS256), as stored. */
  cosePublicKey(): Uint8Array {
    const jwk = this.publicKey.export({ format: "jwk" });
    const bytes = (text: unknown) => Buffer.from(text as string, "base64url");
    if (this.algorithm === "EdDSA") {
      return encodeCbor(
        new Map<number, number | Uint8Array>([
          [1, 1],
          [3, -8],
          [-1, 6],
          [-2, bytes(jwk.x)],
        ]),
      );
    }
    if (this.algorithm === "RS256") {
      return encodeCbor(
        new Map<number, number | Uint8Array>([
          [1, 3],
          [3, -257],
          [-1, bytes(jwk.n)],
          [-2, bytes(jwk.e)],
        ]),
      );
    }
    return encodeCbor(
      new Map<number, number | Uint8Array>([
        [1, 2],
        [3, this.algorithm === "ES384" ? -35 : -7],
        [-1, this.algorithm === "ES384" ? 2 : 1],
        [-2, Buffer.from(jwk.x as string, "base64url")],
        [-3, Buffer.from(jwk.y as string, "base64url")],
      ]),
    );
  }

  private authenticatorData(rpId: string, flags: number, counter: number, attested?: Uint8Array): Buffer {
    const counterBytes = Buffer.alloc(4);
    counterBytes.writeUInt32BE(counter);
    return Buffer.concat([
      createHash("sha256").update(rpId).digest(),
      Buffer.of(flags),
      counterBytes,
      ...(attested ? [attested] : []),
    ]);
  }

  private clientData(type: string, challenge: string, origin: string): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  }

  /** Answers registration options like `navigator.credentials.create()` with attestation "none". */
  createRegistrationResponse(
    options: Pick<PublicKeyCredentialCreationOptionsJSON, "challenge"> & { rp?: { id?: string } },
    overrides: { origin?: string; userVerified?: boolean } = {},
  ): RegistrationResponseJSON {
    const credentialIdBytes = Buffer.from(this.credentialId, "base64url");
    const lengthBytes = Buffer.alloc(2);
    lengthBytes.writeUInt16BE(credentialIdBytes.length);
    const attested = Buffer.concat([Buffer.alloc(16), lengthBytes, credentialIdBytes, this.cosePublicKey()]);
    const flags = UP | (overrides.userVerified === false ? 0 : UV) | BE | BS | AT;
    const authData = this.authenticatorData(options.rp?.id ?? this.rpId, flags, this.counter, attested);
    const clientDataJSON = this.clientData(
      "webauthn.create",
      options.challenge,
      overrides.origin ?? this.origin,
    );
    const attestationObject = encodeCbor({ fmt: "none", attStmt: {}, authData });
    return {
      id: this.credentialId,
      rawId: this.credentialId,
      type: "public-key",
      response: {
        clientDataJSON: clientDataJSON.toString("base64url"),
        attestationObject: Buffer.from(attestationObject).toString("base64url"),
        transports: ["internal"],
      },
      clientExtensionResults: {},
      authenticatorAttachment: "platform",
    };
  }

  /** Signs `challenge` like `navigator.credentials.get()`; the counter moves forward on every call. */
  createAssertion(challenge: string, overrides: AssertionOverrides = {}): AuthenticationResponseJSON {
    this.counter = overrides.counter ?? this.counter + 1;
    const flags = UP | (overrides.userVerified === false ? 0 : UV) | BE | BS;
    const authData = this.authenticatorData(overrides.rpId ?? this.rpId, flags, this.counter);
    const clientDataJSON = this.clientData(
      overrides.type ?? "webauthn.get",
      challenge,
      overrides.origin ?? this.origin,
    );
    const signature = sign(
      this.algorithm === "EdDSA" ? null : this.algorithm === "ES384" ? "sha384" : "sha256",
      Buffer.concat([authData, createHash("sha256").update(clientDataJSON).digest()]),
      this.privateKey,
    );
    return {
      id: this.credentialId,
      rawId: this.credentialId,
      type: "public-key",
      response: {
        clientDataJSON: clientDataJSON.toString("base64url"),
        authenticatorData: authData.toString("base64url"),
        signature: signature.toString("base64url"),
        userHandle: this.userHandle,
      },
      clientExtensionResults: {},
      authenticatorAttachment: "platform",
    };
  }
}
