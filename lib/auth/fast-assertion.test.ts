import { createHash, generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import { type AuthenticationResponseJSON, verifyAuthenticationResponse } from "@simplewebauthn/server";
import { describe, expect, it } from "vitest";
import { encodeCbor } from "@/tests/support/cbor";
import { TestAuthenticator, type TestPasskeyAlgorithm } from "@/tests/support/test-authenticator";
import { type FastAssertionInput, verifyAssertion } from "./fast-assertion";
import { assertionKeyCacheLimit, assertionKeyCacheSize, keyObjectFor } from "./fast-assertion-key";

/**
 * Runs SimpleWebAuthn's verifyAuthenticationResponse and verifyAssertion over one generated corpus of valid,
 * tampered and malformed assertions and requires the same outcome from both: verified (or not) with the same
 * counter and user verification, or a throw from both.
 */
const origin = "https://scrip.example";
const rpId = "scrip.example";
const challenge = "c2NyaXAtY2hhbGxlbmdl";
const UP = 0x01;
const UV = 0x04;
const AT = 0x40;
const ED = 0x80;

interface Signer {
  algorithm: TestPasskeyAlgorithm;
  id: string;
  privateKey: KeyObject;
  cose: Uint8Array;
}

function signerOf(algorithm: TestPasskeyAlgorithm): Signer {
  const passkey = new TestAuthenticator({ algorithm, origin });
  const { privateKey, publicKey } =
    algorithm === "EdDSA"
      ? generateKeyPairSync("ed25519")
      : algorithm === "RS256"
        ? generateKeyPairSync("rsa", { modulusLength: 2048 })
        : generateKeyPairSync("ec", { namedCurve: "P-256" });
  // The test authenticator's COSE encoding, applied to a key whose private half this test holds.
  Object.assign(passkey, { publicKey });
  return { algorithm, id: passkey.credentialId, privateKey, cose: passkey.cosePublicKey() };
}

interface Parts {
  rpId?: string;
  flags?: number;
  counter?: number;
  extra?: Uint8Array;
  clientData?: string | Record<string, unknown>;
}

function authDataOf(parts: Parts): Buffer {
  const counter = Buffer.alloc(4);
  counter.writeUInt32BE(parts.counter ?? 5);
  return Buffer.concat([
    createHash("sha256")
      .update(parts.rpId ?? rpId)
      .digest(),
    Buffer.of(parts.flags ?? UP | UV),
    counter,
    parts.extra ?? Buffer.alloc(0),
  ]);
}

/** A genuinely signed assertion over the given parts. */
function assert(signer: Signer, parts: Parts = {}): AuthenticationResponseJSON {
  const authData = authDataOf(parts);
  const clientData = Buffer.from(
    typeof parts.clientData === "string"
      ? parts.clientData
      : JSON.stringify({ type: "webauthn.get", challenge, origin, crossOrigin: false, ...parts.clientData }),
  );
  const signed = Buffer.concat([authData, createHash("sha256").update(clientData).digest()]);
  const signature = sign(signer.algorithm === "EdDSA" ? null : "sha256", signed, signer.privateKey);
  return {
    id: signer.id,
    rawId: signer.id,
    type: "public-key",
    response: {
      clientDataJSON: clientData.toString("base64url"),
      authenticatorData: authData.toString("base64url"),
      signature: signature.toString("base64url"),
    },
    clientExtensionResults: {},
  };
}

interface Case {
  name: string;
  input: FastAssertionInput;
  /**
   * Not canonical encoding (an ECDSA signature that may no longer be DER, or stray base64 padding), which
   * SimpleWebAuthn's lenient decoders may still read and verifyAssertion refuses: there it must agree or throw.
   */
  lenient?: boolean;
}

function input(signer: Signer, response: AuthenticationResponseJSON, more: Partial<FastAssertionInput> = {}) {
  return {
    response,
    expectedChallenge: challenge,
    expectedOrigin: origin,
    expectedRPID: rpId,
    credential: { id: signer.id, publicKey: signer.cose, counter: 4 },
    requireUserVerification: true,
    ...more,
  };
}

function withResponse(response: AuthenticationResponseJSON, change: Record<string, unknown>) {
  return { ...response, response: { ...response.response, ...change } } as AuthenticationResponseJSON;
}

function corpusFor(signer: Signer, other: Signer): Case[] {
  const cases: Case[] = [];
  const add = (
    name: string,
    response: AuthenticationResponseJSON,
    more: Partial<FastAssertionInput> = {},
    lenient = false,
  ) => cases.push({ name: `${signer.algorithm} ${name}`, input: input(signer, response, more), lenient });
  const der = signer.algorithm === "ES256";
  const valid = assert(signer);
  const credential = (counter: number) => ({
    credential: { id: signer.id, publicKey: signer.cose, counter },
  });
  add("valid", valid);
  add("valid, several expected origins", valid, { expectedOrigin: ["https://other.example", origin] });
  add("valid, several expected RP IDs", valid, { expectedRPID: ["other.example", rpId] });
  add("counters both zero", assert(signer, { counter: 0 }), credential(0));
  add("counter equal", valid, credential(5));
  add("counter lower", valid, credential(9));
  add("counter zero, stored counter not", assert(signer, { counter: 0 }), credential(3));
  add("counter at its maximum", assert(signer, { counter: 0xffffffff }));
  add("without UP", assert(signer, { flags: UV }));
  add("without UP, UV not required", assert(signer, { flags: UV }), { requireUserVerification: false });
  add("without UV", assert(signer, { flags: UP }));
  add("without UV, UV not required", assert(signer, { flags: UP }), { requireUserVerification: false });
  add("with no flags, UV not required", assert(signer, { flags: 0 }), { requireUserVerification: false });
  add("all flags but AT and ED", assert(signer, { flags: 0x3f }));
  add("rpIdHash of another site", assert(signer, { rpId: "evil.example" }));
  add("challenge wrong", valid, { expectedChallenge: "b3RoZXI" });
  add("origin wrong", valid, { expectedOrigin: "https://evil.example" });
  add("origin of a subdomain", assert(signer, { clientData: { origin: "https://a.scrip.example" } }));
  add("type webauthn.create", assert(signer, { clientData: { type: "webauthn.create" } }));
  add("type missing", assert(signer, { clientData: { type: undefined } }));
  add("clientDataJSON not JSON", assert(signer, { clientData: "{not json" }));
  add("clientDataJSON null", assert(signer, { clientData: "null" }));
  add("clientDataJSON a number", assert(signer, { clientData: "1" }));
  add("clientDataJSON not base64url", withResponse(valid, { clientDataJSON: "!!!*&^" }));
  add("clientDataJSON not a string", withResponse(valid, { clientDataJSON: 7 }));
  const padded = (text: string) => text + "=".repeat((4 - (text.length % 4)) % 4);
  add(
    "authData padded",
    withResponse(valid, { authenticatorData: padded(valid.response.authenticatorData) }),
  );
  add("signature padded", withResponse(valid, { signature: padded(valid.response.signature) }));
  add(
    "authData over-padded",
    withResponse(valid, { authenticatorData: `${valid.response.authenticatorData}===` }),
    {},
    true,
  );
  for (const [field, value] of Object.entries(valid.response)) {
    if (typeof value !== "string") continue;
    // A stray character becomes a trailing byte, which SimpleWebAuthn's ASN.1 parser ignores in a signature.
    const stray = der && field === "signature";
    add(`${field} with one more character`, withResponse(valid, { [field]: `${value}A` }), {}, stray);
    add(`${field} with two more characters`, withResponse(valid, { [field]: `${value}AA` }), {}, stray);
  }
  add("clientDataJSON padded", withResponse(valid, { clientDataJSON: `${valid.response.clientDataJSON}==` }));
  add("crossOrigin without topOrigin", assert(signer, { clientData: { crossOrigin: true } }));
  add("crossOrigin with topOrigin", assert(signer, { clientData: { crossOrigin: true, topOrigin: origin } }));
  add("topOrigin without crossOrigin", assert(signer, { clientData: { topOrigin: origin } }));
  add("tokenBinding present", assert(signer, { clientData: { tokenBinding: { status: "present" } } }));
  add("tokenBinding a string", assert(signer, { clientData: { tokenBinding: "present" } }));
  add("tokenBinding unknown status", assert(signer, { clientData: { tokenBinding: { status: "odd" } } }));
  add("id differs from rawId", { ...valid, rawId: other.id });
  add("id empty", { ...valid, id: "", rawId: "" });
  add("id of another credential", { ...valid, id: other.id, rawId: other.id });
  add("type not public-key", { ...valid, type: "password" as "public-key" });
  add("userHandle a number", withResponse(valid, { userHandle: 12 }));
  add("userHandle a string", withResponse(valid, { userHandle: "dXNlcg" }));
  const authData = Buffer.from(valid.response.authenticatorData, "base64url");
  add(
    "authData truncated to 36 bytes",
    withResponse(valid, { authenticatorData: authData.subarray(0, 36).toString("base64url") }),
  );
  add("authData empty", withResponse(valid, { authenticatorData: "" }));
  add("authData not base64url", withResponse(valid, { authenticatorData: "a+b/c" }));
  add("authData not a string", withResponse(valid, { authenticatorData: undefined }));
  add("authData with a leftover byte", assert(signer, { extra: Buffer.of(0) }));
  const extensions = encodeCbor({ credProtect: 2 });
  add("authData with extensions", assert(signer, { flags: UP | UV | ED, extra: extensions }));
  add("authData ED flag and no extensions", assert(signer, { flags: UP | UV | ED }));
  add(
    "authData extensions truncated",
    assert(signer, { flags: UP | UV | ED, extra: extensions.subarray(0, 4) }),
  );
  const oddExtensions: Record<string, string> = {
    "with a nested map and array": "a16161a1018201 02".replace(" ", ""),
    "with true and null": "a2616af561 6bf6".replace(" ", ""),
    "with a byte string": "a16b686d61632d73656372657443010203",
    "with a negative key": "a120 01".replace(" ", ""),
    "not in shortest form": "a161611801",
    "with a float": "a16161fa3f800000",
    "with a half float": "a16161f93c00",
    "with a tag": "a16161c101",
    "an integer, not a map": "01",
    "an array, not a map": "8101",
    "with a repeated key": "a26161016161 02".replace(" ", ""),
    "with a key not UTF-8": "a161ff01",
    "with a byte string key": "a1416101",
    indefinite: "bf616101ff",
  };
  for (const [name, hex] of Object.entries(oddExtensions)) {
    add(
      `authData extensions ${name}`,
      assert(signer, { flags: UP | UV | ED, extra: Buffer.from(hex, "hex") }),
    );
  }
  const attested = Buffer.concat([Buffer.alloc(16), Buffer.of(0, 2, 1, 2), signer.cose]);
  add("authData with attested credential data", assert(signer, { flags: UP | UV | AT, extra: attested }));
  add("authData AT flag and no data", assert(signer, { flags: UP | UV | AT }));
  add("signature not base64url", withResponse(valid, { signature: "sig!" }));
  add("signature empty", withResponse(valid, { signature: "" }));
  const signature = Buffer.from(valid.response.signature, "base64url");
  add(
    "signature truncated",
    withResponse(valid, { signature: signature.subarray(0, -1).toString("base64url") }),
  );
  add(
    "signature extended",
    withResponse(valid, { signature: Buffer.concat([signature, Buffer.of(0)]).toString("base64url") }),
    {},
    der,
  );
  add("signature of another key", withResponse(valid, { signature: assert(other).response.signature }));
  add("key of another credential", valid, {
    credential: { id: signer.id, publicKey: other.cose, counter: 4 },
  });
  add("key not COSE", valid, {
    credential: { id: signer.id, publicKey: Buffer.from("not a key"), counter: 4 },
  });
  add("huge clientDataJSON", assert(signer, { clientData: { padding: "x".repeat(200_000) } }));
  add(
    "huge extensions",
    assert(signer, { flags: UP | UV | ED, extra: encodeCbor({ big: Buffer.alloc(100_000) }) }),
  );
  add("huge signature", withResponse(valid, { signature: Buffer.alloc(100_000, 1).toString("base64url") }));
  const step = signer.algorithm === "RS256" ? 8 : 1;
  for (let index = 0; index < signature.length; index += step) {
    const flipped = Buffer.from(signature);
    flipped[index]! ^= index % 2 ? 0x01 : 0x80;
    add(
      `signature byte ${index} flipped`,
      withResponse(valid, { signature: flipped.toString("base64url") }),
      {},
      der,
    );
  }
  for (let index = 0; index < authData.length; index += 4) {
    const flipped = Buffer.from(authData);
    flipped[index]! ^= 0x02;
    add(
      `authData byte ${index} flipped`,
      withResponse(valid, { authenticatorData: flipped.toString("base64url") }),
    );
  }
  return cases;
}

type Outcome = { verified: boolean; newCounter: number; userVerified: boolean } | "threw";

async function library({ credential, ...rest }: FastAssertionInput): Promise<Outcome> {
  try {
    const { verified, authenticationInfo } = await verifyAuthenticationResponse({
      ...rest,
      credential: { ...credential, publicKey: new Uint8Array(credential.publicKey) },
    });
    return {
      verified,
      newCounter: authenticationInfo.newCounter,
      userVerified: authenticationInfo.userVerified,
    };
  } catch {
    return "threw";
  }
}

function fast(given: FastAssertionInput): Outcome {
  try {
    return verifyAssertion(given);
  } catch {
    return "threw";
  }
}

describe("verifyAssertion against SimpleWebAuthn", () => {
  const signers = (["ES256", "EdDSA", "RS256"] as const).map((algorithm) => [
    signerOf(algorithm),
    signerOf(algorithm),
  ]);
  const corpus = signers.flatMap(([signer, other]) => corpusFor(signer!, other!));

  it("covers a corpus that cannot silently shrink", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(350);
    expect(corpus.filter(({ lenient }) => !lenient).length).toBeGreaterThanOrEqual(250);
    expect(corpus.filter(({ name }) => name.endsWith(" valid"))).toHaveLength(3);
  });

  it("gives SimpleWebAuthn's verdict on every case", async () => {
    const differences: string[] = [];
    const verdicts = { verified: 0, refused: 0, threw: 0 };
    for (const { name, input: given, lenient } of corpus) {
      const [expected, actual] = [await library(given), fast(given)];
      if (JSON.stringify(expected) !== JSON.stringify(actual) && !(lenient && actual === "threw")) {
        differences.push(
          `${name}: SimpleWebAuthn ${JSON.stringify(expected)}, fast ${JSON.stringify(actual)}`,
        );
      }
      verdicts[expected === "threw" ? "threw" : expected.verified ? "verified" : "refused"]++;
    }
    expect(differences).toEqual([]);
    // Each kind of verdict is exercised, so a corpus of only throws could not pass.
    expect(verdicts.verified).toBeGreaterThanOrEqual(20);
    expect(verdicts.refused).toBeGreaterThanOrEqual(100);
    expect(verdicts.threw).toBeGreaterThanOrEqual(60);
  });
});

describe("where SimpleWebAuthn is lenient", () => {
  // Its ASN.1 parser (@peculiar/asn1-schema) reads BER: these ECDSA signatures are not DER, yet it verifies them.
  // verifyAssertion refuses them (throws), as a signature has one encoding.
  const signer = signerOf("ES256");
  const valid = assert(signer);
  const der = Buffer.from(valid.response.signature, "base64url");
  const variants = {
    "a trailing byte": Buffer.concat([der, Buffer.of(0)]),
    "a context-specific outer tag": Buffer.concat([Buffer.of(0xb0), der.subarray(1)]),
    "a long-form outer length": Buffer.concat([Buffer.of(0x30, 0x81), der.subarray(1)]),
  };
  it.each(Object.entries(variants))(
    "verifies an ECDSA signature with %s, which verifyAssertion refuses",
    async (_name, bytes) => {
      const given = input(signer, withResponse(valid, { signature: bytes.toString("base64url") }));
      expect(await library(given)).toEqual({ verified: true, newCounter: 5, userVerified: true });
      expect(fast(given)).toBe("threw");
    },
  );

  it("reads stray padding in clientDataJSON as garbage and throws, as verifyAssertion does", async () => {
    const given = input(
      signer,
      withResponse(valid, { clientDataJSON: `${valid.response.clientDataJSON}==` }),
    );
    expect(await library(given)).toBe("threw");
    expect(fast(given)).toBe("threw");
  });
});

describe("keyObjectFor", () => {
  it("returns one KeyObject per credential and key, and a new one when the key bytes change", () => {
    const [first, second] = [signerOf("ES256"), signerOf("ES256")];
    const key = keyObjectFor(first.id, first.cose);
    expect(keyObjectFor(first.id, Uint8Array.from(first.cose)).key).toBe(key.key);
    const replaced = keyObjectFor(first.id, second.cose);
    expect(replaced.key).not.toBe(key.key);
    expect(replaced.key.equals(key.key)).toBe(false);
    expect(keyObjectFor(second.id, first.cose).key).not.toBe(key.key);
  });

  it("keeps at most its limit of keys", () => {
    const signer = signerOf("EdDSA");
    for (let index = 0; index <= assertionKeyCacheLimit; index++)
      keyObjectFor(`credential-${index}`, signer.cose);
    expect(assertionKeyCacheSize()).toBe(assertionKeyCacheLimit);
  });
});
