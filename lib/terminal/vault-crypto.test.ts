import { describe, expect, it } from "vitest";
import {
  deriveVaultKey,
  gcmSeal,
  hkdfBytes,
  openRecord,
  type SealedRecord,
  sealRecord,
  VaultError,
} from "./vault-crypto";

const hex = (text: string) => Uint8Array.from(text.match(/../g) ?? [], (byte) => Number.parseInt(byte, 16));
const toHex = (bytes: Uint8Array) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");

const salt = hex("11".repeat(32));
const prfA = hex("a1".repeat(32));
const prfB = hex("b2".repeat(32));

async function refused(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(VaultError);
  expect((error as VaultError).code).toBe("locked_wrong_key_or_tampered");
}

describe("hkdfBytes", () => {
  it("gives RFC 5869's test case 1 (SHA-256, basic)", async () => {
    const okm = await hkdfBytes(
      hex("0b".repeat(22)),
      hex("000102030405060708090a0b0c"),
      hex("f0f1f2f3f4f5f6f7f8f9"),
      42,
    );
    expect(toHex(okm)).toBe(
      "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
    );
  });
});

describe("gcmSeal", () => {
  it("gives test case 16 of McGrew and Viega's GCM specification (256-bit key, AAD, 96-bit IV)", async () => {
    const key = await crypto.subtle.importKey(
      "raw",
      hex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308"),
      "AES-GCM",
      false,
      ["encrypt"],
    );
    const sealed = await gcmSeal(
      key,
      hex("cafebabefacedbaddecaf888"),
      hex(
        "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72" +
          "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
      ),
      hex("feedfacedeadbeeffeedfacedeadbeefabaddad2"),
    );
    expect(toHex(sealed)).toBe(
      "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa" +
        "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662" +
        "76fc6ece0f4e1768cddf8853bb2d551b",
    );
  });
});

describe("deriveVaultKey", () => {
  it("gives a non-extractable AES-GCM-256 key", async () => {
    const key = await deriveVaultKey(prfA, salt, "user_a");
    expect(key.extractable).toBe(false);
    expect(key.algorithm).toEqual({ name: "AES-GCM", length: 256 });
    await expect(crypto.subtle.exportKey("raw", key)).rejects.toThrow();
  });
});

describe("sealRecord and openRecord", () => {
  const value = { coupons: [{ id: "coupon_1", amountMinor: "1250" }], note: "Grüße" };

  it("round-trips a value, with a fresh IV each time and nothing readable in the record", async () => {
    const key = await deriveVaultKey(prfA, salt, "user_a");
    const first = await sealRecord(key, "snapshot", value);
    const second = await sealRecord(key, "snapshot", value);
    expect(first.v).toBe(1);
    expect(first.iv).not.toBe(second.iv);
    expect(first.ct).not.toBe(second.ct);
    expect(JSON.stringify(first)).not.toContain("coupon_1");
    expect(await openRecord(key, "snapshot", first)).toEqual(value);
    expect(await openRecord(await deriveVaultKey(prfA, salt, "user_a"), "snapshot", second)).toEqual(value);
  });

  it("refuses a ciphertext with one bit flipped", async () => {
    const key = await deriveVaultKey(prfA, salt, "user_a");
    const sealed = await sealRecord(key, "snapshot", value);
    const bytes = new Uint8Array(Buffer.from(sealed.ct, "base64url"));
    bytes.set([(bytes[3] ?? 0) ^ 0x01], 3);
    await refused(openRecord(key, "snapshot", { ...sealed, ct: Buffer.from(bytes).toString("base64url") }));
  });

  it("refuses a key from another passkey's PRF output, another salt or another person", async () => {
    const sealed = await sealRecord(await deriveVaultKey(prfA, salt, "user_a"), "snapshot", value);
    await refused(openRecord(await deriveVaultKey(prfB, salt, "user_a"), "snapshot", sealed));
    await refused(openRecord(await deriveVaultKey(prfA, hex("12".repeat(32)), "user_a"), "snapshot", sealed));
    await refused(openRecord(await deriveVaultKey(prfA, salt, "user_b"), "snapshot", sealed));
  });

  it("refuses a record stored under another name", async () => {
    const key = await deriveVaultKey(prfA, salt, "user_a");
    const sealed = await sealRecord(key, "snapshot", value);
    await refused(openRecord(key, "timeline", sealed));
  });

  it("refuses a truncated IV, a changed format and a malformed record", async () => {
    const key = await deriveVaultKey(prfA, salt, "user_a");
    const sealed = await sealRecord(key, "snapshot", value);
    await refused(openRecord(key, "snapshot", { ...sealed, iv: sealed.iv.slice(0, 12) }));
    await refused(openRecord(key, "snapshot", { ...sealed, v: 2 } as unknown as SealedRecord));
    await refused(openRecord(key, "snapshot", { ...sealed, ct: "***" }));
    await refused(openRecord(key, "snapshot", null as unknown as SealedRecord));
  });
});
