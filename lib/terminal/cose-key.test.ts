import { createHash, generateKeyPairSync, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import { encodeCbor } from "@/tests/support/cbor";
import { TestAuthenticator } from "@/tests/support/test-authenticator";
import { verifyWithCoseKey } from "./cose-key";

const data = createHash("sha256").update("authenticator data and client data hash").digest();

describe("verifyWithCoseKey", () => {
  it.each(["ES256", "EdDSA", "RS256"] as const)(
    "verifies a %s passkey's signature and refuses it altered",
    async (algorithm) => {
      const passkey = new TestAuthenticator({ algorithm });
      const assertion = passkey.createAssertion("Y2hhbGxlbmdl");
      const authData = Buffer.from(assertion.response.authenticatorData, "base64url");
      const clientHash = createHash("sha256")
        .update(Buffer.from(assertion.response.clientDataJSON, "base64url"))
        .digest();
      const signed = Buffer.concat([authData, clientHash]);
      const signature = Buffer.from(assertion.response.signature, "base64url");
      expect(await verifyWithCoseKey(passkey.cosePublicKey(), signed, signature)).toBe("valid");
      expect(
        await verifyWithCoseKey(passkey.cosePublicKey(), Buffer.concat([signed, Buffer.of(0)]), signature),
      ).toBe("invalid");
      const other = new TestAuthenticator({ algorithm });
      expect(await verifyWithCoseKey(other.cosePublicKey(), signed, signature)).toBe("invalid");
    },
  );

  it("reads DER signatures whose integers carry a sign byte or are short, and refuses broken DER", async () => {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const jwk = publicKey.export({ format: "jwk" });
    const cose = encodeCbor(
      new Map<number, number | Uint8Array>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(jwk.x as string, "base64url")],
        [-3, Buffer.from(jwk.y as string, "base64url")],
      ]),
    );
    const lengths = new Set<number>();
    for (let round = 0; round < 24; round++) {
      const message = Buffer.concat([data, Buffer.of(round)]);
      const der = sign("sha256", message, privateKey);
      lengths.add(der.length);
      expect(await verifyWithCoseKey(cose, message, der)).toBe("valid");
      expect(await verifyWithCoseKey(cose, message, Buffer.concat([der, Buffer.of(0)]))).toBe("invalid");
      expect(await verifyWithCoseKey(cose, message, der.subarray(0, der.length - 1))).toBe("invalid");
      expect(await verifyWithCoseKey(cose, message, Buffer.concat([Buffer.of(0x31), der.subarray(1)]))).toBe(
        "invalid",
      );
    }
    // Integers of 33 bytes (a leading zero) and of 32 appear among two dozen signatures.
    expect(lengths.size).toBeGreaterThan(1);
  });

  it("calls a key it cannot read or does not support unsupported", async () => {
    const x = Buffer.alloc(32, 7);
    const keys: [string, Uint8Array][] = [
      ["empty", new Uint8Array()],
      ["not a map", encodeCbor(5)],
      [
        "ES384",
        encodeCbor(
          new Map<number, number | Uint8Array>([
            [1, 2],
            [3, -35],
            [-1, 2],
            [-2, x],
            [-3, x],
          ]),
        ),
      ],
      [
        "ES256 on another curve",
        encodeCbor(
          new Map<number, number | Uint8Array>([
            [1, 2],
            [3, -7],
            [-1, 2],
            [-2, x],
            [-3, x],
          ]),
        ),
      ],
      [
        "EdDSA with a short key",
        encodeCbor(
          new Map<number, number | Uint8Array>([
            [1, 1],
            [3, -8],
            [-1, 6],
            [-2, x.subarray(1)],
          ]),
        ),
      ],
      [
        "a point not on the curve",
        encodeCbor(
          new Map<number, number | Uint8Array>([
            [1, 2],
            [3, -7],
            [-1, 1],
            [-2, x],
            [-3, x],
          ]),
        ),
      ],
      ["bytes after the map", Buffer.concat([encodeCbor(new Map<number, number>([[1, 1]])), Buffer.of(0)])],
      ["a repeated label", Uint8Array.of(0xa2, 0x01, 0x01, 0x01, 0x02)],
      ["an indefinite-length map", Uint8Array.of(0xbf, 0x01, 0x01, 0xff)],
      ["a text value", encodeCbor(new Map<number, string>([[1, "OKP"]]))],
      ["a map cut short", Uint8Array.of(0xa5, 0x01, 0x02)],
      ["a byte string longer than the key", Uint8Array.of(0xa1, 0x20, 0x59, 0xff, 0xff)],
    ];
    for (const [name, cose] of keys) {
      expect(await verifyWithCoseKey(cose, data, new Uint8Array(64)), name).toBe("unsupported");
    }
  });
});
