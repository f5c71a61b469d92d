import { createHash, generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import { type AuthenticationResponseJSON, verifyAuthenticationResponse } from "@simplewebauthn/server";
import { describe, expect, it } from "vitest";
import { encodeCbor } from "@/tests/support/cbor";
import { TestAuthenticator, type TestPasskeyAlgorithm } from "@/tests/support/test-authenticator";
import { type FastAssertionInput, verifyAssertionFast, verifyPasskeyAssertion } from "./fast-assertion";
import { assertionKeyCacheLimit, assertionKeyCacheSize, keyObjectFor } from "./fast-assertion-key";

/**
 * Runs SimpleWebAuthn's verifyAuthenticationResponse and verifyPasskeyAssertion over one generated corpus of valid,
 * tampered and malformed assertions and requires the same outcome from both: verified (or not) with the same
 * counter, user verification and backup state, or a throw from both. ES384 keys and BER-encoded ECDSA signatures
 * are in the corpus too: verifyPasskeyAssertion hands those to the library, and the test checks it does.
 */
const origin = "https://scrip.example";
const rpId = "scrip.example";
const challenge = "c2NyaXAtY2hhbGxlbmdl";
const UP = 0x01;
const UV = 0x04;
const BE = 0x08;
const BS = 0x10;
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
        : generateKeyPairSync("ec", { namedCurve: algorithm === "ES384" ? "P-384" : "P-256" });
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
  const hash = { EdDSA: null, ES384: "sha384", ES256: "sha256", RS256: "sha256" }[signer.algorithm];
  const signature = sign(hash, signed, signer.privateKey);
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
  const add = (name: string, response: AuthenticationResponseJSON, more: Partial<FastAssertionInput> = {}) =>
    cases.push({ name: `${signer.algorithm} ${name}`, input: input(signer, response, more) });
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
  add("backed up and backup eligible", assert(signer, { flags: UP | UV | BE | BS }));
  add("backup eligible, not backed up", assert(signer, { flags: UP | UV | BE }));
  add("backed up, not backup eligible", assert(signer, { flags: UP | UV | BS }));
  add(
    "backed up, not backup eligible, signature bad",
    withResponse(assert(signer, { flags: UP | UV | BS }), {
      signature: assert(other).response.signature,
    }),
  );
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
    "clientDataJSON properly padded",
    withResponse(valid, { clientDataJSON: padded(valid.response.clientDataJSON) }),
  );
  add(
    "clientDataJSON with padding inside",
    withResponse(valid, { clientDataJSON: `=${valid.response.clientDataJSON}` }),
  );
  add(
    "authData over-padded",
    withResponse(valid, { authenticatorData: `${valid.response.authenticatorData}===` }),
  );
  for (const [field, value] of Object.entries(valid.response)) {
    if (typeof value !== "string") continue;
    // A stray character becomes a trailing byte, which SimpleWebAuthn's ASN.1 parser ignores in a signature.
    add(`${field} with one more character`, withResponse(valid, { [field]: `${value}A` }));
    add(`${field} with two more characters`, withResponse(valid, { [field]: `${value}AA` }));
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
  );
  add("signature of another key", withResponse(valid, { signature: assert(other).response.signature }));
  add("key of another credential", valid, {
    credential: { id: signer.id, publicKey: other.cose, counter: 4 },
  });
  add("key not COSE", valid, {
    credential: { id: signer.id, publicKey: Buffer.from("not a key"), counter: 4 },
  });
  add("key with a trailing byte", valid, {
    credential: { id: signer.id, publicKey: Buffer.concat([signer.cose, Buffer.of(0)]), counter: 4 },
  });
  if (signer.algorithm === "ES256" || signer.algorithm === "ES384") {
    const size = signer.algorithm === "ES256" ? 32 : 48;
    const offCurve = encodeCbor(
      new Map<number, number | Uint8Array>([
        [1, 2],
        [3, signer.algorithm === "ES256" ? -7 : -35],
        [-1, signer.algorithm === "ES256" ? 1 : 2],
        [-2, Buffer.alloc(size, 1)],
        [-3, Buffer.alloc(size, 2)],
      ]),
    );
    add("key a point off the curve", valid, {
      credential: { id: signer.id, publicKey: offCurve, counter: 4 },
    });
    for (const [variant, bytes] of Object.entries(berVariants(signature))) {
      add(`signature in BER: ${variant}`, withResponse(valid, { signature: bytes.toString("base64url") }));
    }
  }
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
    add(`signature byte ${index} flipped`, withResponse(valid, { signature: flipped.toString("base64url") }));
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

/**
 * An ECDSA signature re-encoded in ways SimpleWebAuthn's ASN.1 parser (@peculiar/asn1-schema, BER) may still read
 * where DER allows one encoding: some verify there (trailing byte, another tag class, long-form lengths, a
 * positive integer without its zero byte, a short integer padded), some do not (an integer padded too far).
 */
function berVariants(der: Buffer): Record<string, Buffer> {
  const rLength = der[3]!;
  const r = der.subarray(4, 4 + rLength);
  const s = der.subarray(6 + rLength);
  const integer = (bytes: Buffer) => Buffer.concat([Buffer.of(0x02, bytes.length), bytes]);
  const sequence = (body: Buffer) => Buffer.concat([Buffer.of(0x30, body.length), body]);
  const body = der.subarray(2);
  const stripped = r[0] === 0 ? r.subarray(1) : r;
  return {
    "a trailing byte": Buffer.concat([der, Buffer.of(0)]),
    "two trailing bytes": Buffer.concat([der, Buffer.of(0, 0)]),
    "a context-specific outer tag": Buffer.concat([Buffer.of(0xb0), der.subarray(1)]),
    "an application outer tag": Buffer.concat([Buffer.of(0x70), der.subarray(1)]),
    "a primitive outer tag": Buffer.concat([Buffer.of(0x10), der.subarray(1)]),
    "a SET outer tag": Buffer.concat([Buffer.of(0x31), der.subarray(1)]),
    "a long-form outer length": Buffer.concat([Buffer.of(0x30, 0x81, body.length), body]),
    "a two-byte long-form outer length": Buffer.concat([Buffer.of(0x30, 0x82, 0, body.length), body]),
    "an indefinite outer length": Buffer.concat([Buffer.of(0x30, 0x80), body, Buffer.of(0, 0)]),
    "a long-form integer length": sequence(
      Buffer.concat([Buffer.of(0x02, 0x81, r.length), r, Buffer.from(s)]),
    ),
    "r without its sign byte": sequence(Buffer.concat([integer(stripped), Buffer.from(s)])),
    "r with one more zero byte": sequence(Buffer.concat([integer(Buffer.concat([Buffer.of(0), r])), s])),
    "r with two more zero bytes": sequence(
      Buffer.concat([integer(Buffer.concat([Buffer.of(0, 0), stripped])), s]),
    ),
    "r negated in its sign bit": sequence(
      Buffer.concat([integer(Buffer.concat([Buffer.of(0xff), stripped])), s]),
    ),
    "r and s swapped": sequence(Buffer.concat([Buffer.from(s), integer(r)])),
    "r empty": sequence(Buffer.concat([Buffer.of(0x02, 0), Buffer.from(s)])),
    "s missing": sequence(integer(r)),
    "a third integer": sequence(Buffer.concat([Buffer.from(der.subarray(2)), integer(Buffer.of(1))])),
    "r as an octet string": sequence(Buffer.concat([Buffer.of(0x04, r.length), r, Buffer.from(s)])),
    "a raw r||s": Buffer.concat([
      Buffer.alloc(Math.max(0, 32 - stripped.length)),
      stripped,
      s.subarray(2)[0] === 0 && s.length - 2 > 32 ? s.subarray(3) : s.subarray(2),
    ]),
    "only a sequence header": Buffer.of(0x30, 0),
  };
}

type Outcome =
  | { verified: boolean; newCounter: number; userVerified: boolean; credentialBackedUp: boolean }
  | "threw";

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
      credentialBackedUp: authenticationInfo.credentialBackedUp,
    };
  } catch {
    return "threw";
  }
}

async function ours(given: FastAssertionInput): Promise<Outcome> {
  try {
    return await verifyPasskeyAssertion(given);
  } catch {
    return "threw";
  }
}

describe("verifyPasskeyAssertion against SimpleWebAuthn", () => {
  const signers = (["ES256", "EdDSA", "RS256", "ES384"] as const).map((algorithm) => [
    signerOf(algorithm),
    signerOf(algorithm),
  ]);
  const corpus = signers.flatMap(([signer, other]) => corpusFor(signer!, other!));

  it("covers a corpus that cannot silently shrink", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(500);
    expect(corpus.filter(({ name }) => name.endsWith(" valid"))).toHaveLength(4);
    expect(
      corpus.filter(({ name }) => name.startsWith("ES256 signature in BER")).length,
    ).toBeGreaterThanOrEqual(20);
  });

  it("gives SimpleWebAuthn's verdict on every case", async () => {
    const differences: string[] = [];
    const verdicts = { verified: 0, refused: 0, threw: 0 };
    const berVerified: string[] = [];
    for (const { name, input: given } of corpus) {
      const [expected, actual] = [await library(given), await ours(given)];
      if (JSON.stringify(expected) !== JSON.stringify(actual)) {
        differences.push(
          `${name}: SimpleWebAuthn ${JSON.stringify(expected)}, ours ${JSON.stringify(actual)}`,
        );
      }
      verdicts[expected === "threw" ? "threw" : expected.verified ? "verified" : "refused"]++;
      if (name.includes("in BER") && expected !== "threw" && expected.verified) berVerified.push(name);
    }
    expect(differences).toEqual([]);
    // Each kind of verdict is exercised, so a corpus of only throws could not pass.
    expect(verdicts.verified).toBeGreaterThanOrEqual(30);
    expect(verdicts.refused).toBeGreaterThanOrEqual(100);
    expect(verdicts.threw).toBeGreaterThanOrEqual(80);
    // The library verifies some signatures that are not DER (so ours must too), for ES256 and ES384 alike.
    expect(berVerified.filter((name) => name.startsWith("ES256")).length).toBeGreaterThanOrEqual(4);
    expect(berVerified.filter((name) => name.startsWith("ES384")).length).toBeGreaterThanOrEqual(4);
  });

  it("decides the assertions authenticators send with node:crypto, and leaves only the rest to the library", () => {
    const valid = corpus.filter(({ name }) => name.endsWith(" valid"));
    for (const { name, input: given } of valid) {
      expect(verifyAssertionFast(given) === null, name).toBe(name.startsWith("ES384"));
    }
    const ber = corpus.filter(({ name }) => name.startsWith("ES256 signature in BER"));
    for (const { name, input: given } of ber) expect(verifyAssertionFast(given), name).toBeNull();
  });
});

describe("keyObjectFor", () => {
  it("returns one KeyObject per credential and key, and a new one when the key bytes change", () => {
    const [first, second] = [signerOf("ES256"), signerOf("ES256")];
    const key = keyObjectFor(first.id, first.cose)!;
    expect(keyObjectFor(first.id, Uint8Array.from(first.cose))!.key).toBe(key.key);
    const replaced = keyObjectFor(first.id, second.cose)!;
    expect(replaced.key).not.toBe(key.key);
    expect(replaced.key.equals(key.key)).toBe(false);
    expect(keyObjectFor(second.id, first.cose)!.key).not.toBe(key.key);
  });

  it("reads no key of another kind (the library decides about those)", () => {
    expect(keyObjectFor("es384", signerOf("ES384").cose)).toBeNull();
    expect(keyObjectFor("junk", Buffer.from("not a key"))).toBeNull();
  });

  it("keeps at most its limit of keys", () => {
    const signer = signerOf("EdDSA");
    for (let index = 0; index <= assertionKeyCacheLimit; index++)
      keyObjectFor(`credential-${index}`, signer.cose);
    expect(assertionKeyCacheSize()).toBe(assertionKeyCacheLimit);
  });
});
