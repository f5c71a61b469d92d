import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptPrivateKey, encryptPrivateKey, getKeyEncryptionKey } from "./key-encryption";

describe("issuer key encryption", () => {
  const key = randomBytes(32);
  const secret = randomBytes(48);

  it("round-trips a private key and never stores it in the clear", () => {
    const encrypted = encryptPrivateKey(secret, "kid_1", "value", key);
    expect(encrypted).not.toContain(secret.toString("base64url"));
    expect(decryptPrivateKey(encrypted, "kid_1", "value", key)).toEqual(secret);
  });

  it("refuses another encryption key, another kid or purpose, and a modified ciphertext", () => {
    const encrypted = encryptPrivateKey(secret, "kid_1", "value", key);
    expect(() => decryptPrivateKey(encrypted, "kid_1", "value", randomBytes(32))).toThrow();
    expect(() => decryptPrivateKey(encrypted, "kid_2", "value", key)).toThrow();
    expect(() => decryptPrivateKey(encrypted, "kid_1", "owner_attestation", key)).toThrow();
    const [iv, tag, data] = encrypted.split(".") as [string, string, string];
    const flipped = Buffer.from(data, "base64url");
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() =>
      decryptPrivateKey(`${iv}.${tag}.${flipped.toString("base64url")}`, "kid_1", "value", key),
    ).toThrow();
  });

  it("reads the key from the environment and refuses one of the wrong length", () => {
    const encoded = randomBytes(32).toString("base64url");
    expect(getKeyEncryptionKey({ SCRIP_KEY_ENCRYPTION_KEY: encoded })).toEqual(
      Buffer.from(encoded, "base64url"),
    );
    expect(() => getKeyEncryptionKey({ SCRIP_KEY_ENCRYPTION_KEY: "c2hvcnQ" })).toThrow(/32 bytes/);
  });
});
