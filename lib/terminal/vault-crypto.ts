/**
 * The terminal's encryption (issue #16): a key derived with HKDF-SHA-256 from a passkey's WebAuthn PRF output,
 * and records sealed with AES-256-GCM under it. Isomorphic: WebCrypto (`globalThis.crypto.subtle`) only, so the
 * same module runs in the browser and in Node's tests.
 */
import { base64URLStringToBuffer, bufferToBase64URLString } from "@simplewebauthn/browser";

/** What a stored record holds: the format, the random IV and the ciphertext with its tag (both base64url). */
export interface SealedRecord {
  v: 1;
  iv: string;
  ct: string;
}

/** A record that would not open: the wrong key (another passkey or person) or a changed ciphertext. */
export class VaultError extends Error {
  readonly code = "locked_wrong_key_or_tampered";
  constructor() {
    super("This copy cannot be opened with this passkey, or it was changed.");
    this.name = "VaultError";
  }
}

const subtle = () => globalThis.crypto.subtle;
const encoder = new TextEncoder();
const ivBytes = 12;

/** HKDF-SHA-256 (RFC 5869) of `ikm` into `length` bytes; exported so the unit tests can check it on RFC vectors. */
export async function hkdfBytes(
  ikm: BufferSource,
  salt: BufferSource,
  info: BufferSource,
  length: number,
): Promise<Uint8Array> {
  const base = await subtle().importKey("raw", ikm, "HKDF", false, ["deriveBits"]);
  const bits = await subtle().deriveBits({ name: "HKDF", hash: "SHA-256", salt, info }, base, length * 8);
  return new Uint8Array(bits);
}

/** The HKDF `info` binding a vault key to its purpose, format and person. */
export function vaultKeyInfo(userId: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(`scrip wallet vault v1|${userId}`);
}

/**
 * The vault key of `userId` from a passkey's PRF output and the device's HKDF salt: a non-extractable AES-GCM-256
 * key, so even the page's own scripts can use it but never read it out.
 */
export async function deriveVaultKey(
  prfOutput: BufferSource,
  salt: Uint8Array<ArrayBuffer>,
  userId: string,
): Promise<CryptoKey> {
  const base = await subtle().importKey("raw", prfOutput, "HKDF", false, ["deriveKey"]);
  return subtle().deriveKey(
    { name: "HKDF", hash: "SHA-256", salt, info: vaultKeyInfo(userId) },
    base,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
}

/** The additional authenticated data of a record: its name and format, so one record cannot stand in for another. */
function recordAad(name: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(`scrip wallet vault record v1|${name}`);
}

/** AES-GCM encryption of `plaintext` (ciphertext followed by the 16-byte tag); exported for the vector tests. */
export async function gcmSeal(
  key: CryptoKey,
  iv: Uint8Array<ArrayBuffer>,
  plaintext: Uint8Array<ArrayBuffer>,
  aad: Uint8Array<ArrayBuffer>,
): Promise<Uint8Array> {
  const ct = await subtle().encrypt(
    { name: "AES-GCM", iv, additionalData: aad, tagLength: 128 },
    key,
    plaintext,
  );
  return new Uint8Array(ct);
}

/** Seals `value` (as JSON) under `key` as the record `name`, with a fresh random IV. */
export async function sealRecord(key: CryptoKey, name: string, value: unknown): Promise<SealedRecord> {
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(ivBytes));
  const plaintext = encoder.encode(JSON.stringify(value));
  const ct = await gcmSeal(key, iv, plaintext, recordAad(name));
  return {
    v: 1,
    iv: bufferToBase64URLString(iv.buffer),
    ct: bufferToBase64URLString(ct.buffer as ArrayBuffer),
  };
}

/** Opens the record `name` sealed by `sealRecord`; throws a `VaultError` on any failure (key, tamper, shape). */
export async function openRecord<T = unknown>(
  key: CryptoKey,
  name: string,
  sealed: SealedRecord,
): Promise<T> {
  try {
    if (sealed?.v !== 1 || typeof sealed.iv !== "string" || typeof sealed.ct !== "string")
      throw new VaultError();
    const iv = new Uint8Array(base64URLStringToBuffer(sealed.iv));
    if (iv.length !== ivBytes) throw new VaultError();
    const ct = base64URLStringToBuffer(sealed.ct);
    const plain = await subtle().decrypt(
      { name: "AES-GCM", iv, additionalData: recordAad(name), tagLength: 128 },
      key,
      ct,
    );
    return JSON.parse(new TextDecoder().decode(plain)) as T;
  } catch {
    throw new VaultError();
  }
}
