import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { ensureDevSecrets } from "@/scripts/dev-secrets";

let cached: { encoded: string; key: Buffer } | undefined;

/**
 * The 32-byte key that encrypts issuer private keys at rest, from SCRIP_KEY_ENCRYPTION_KEY (base64url). When it
 * is absent (a maintenance command or test run outside the launcher), a development key is generated into
 * `SCRIP_DATA_DIR/secrets.json` with a warning, exactly as the launcher does.
 */
export function getKeyEncryptionKey(env: Record<string, string | undefined> = process.env): Buffer {
  if (!env.SCRIP_KEY_ENCRYPTION_KEY)
    ensureDevSecrets(env.SCRIP_DATA_DIR ?? ".data", env as NodeJS.ProcessEnv);
  const encoded = env.SCRIP_KEY_ENCRYPTION_KEY as string;
  if (cached?.encoded === encoded) return cached.key;
  const key = Buffer.from(encoded, "base64url");
  if (key.length !== 32) {
    throw new Error("SCRIP_KEY_ENCRYPTION_KEY must be 32 bytes encoded as base64url (43 characters).");
  }
  cached = { encoded, key };
  return key;
}

/** The associated data binds a ciphertext to its key id and purpose, so rows cannot be swapped. */
const associatedData = (kid: string, purpose: string) => Buffer.from(`scrip-issuer-key:${purpose}:${kid}`);

/** Encrypts a PKCS#8 private key with AES-256-GCM: base64url(iv).base64url(tag).base64url(ciphertext). */
export function encryptPrivateKey(pkcs8: Buffer, kid: string, purpose: string, key = getKeyEncryptionKey()) {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(associatedData(kid, purpose));
  const data = Buffer.concat([cipher.update(pkcs8), cipher.final()]);
  return [iv, cipher.getAuthTag(), data].map((part) => part.toString("base64url")).join(".");
}

/** Decrypts what `encryptPrivateKey` made; throws when the key, kid, purpose or ciphertext do not match. */
export function decryptPrivateKey(
  encrypted: string,
  kid: string,
  purpose: string,
  key = getKeyEncryptionKey(),
): Buffer {
  const [iv, tag, data] = encrypted.split(".").map((part) => Buffer.from(part, "base64url"));
  if (!iv || !tag || !data) throw new Error(`issuer key ${kid}: malformed ciphertext`);
  const decipher = createDecipheriv("aes-256-gcm", key, iv);
  decipher.setAAD(associatedData(kid, purpose));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(data), decipher.final()]);
}
