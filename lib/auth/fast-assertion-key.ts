import "server-only";
import { createHash, createPublicKey, type JsonWebKey, type KeyObject } from "node:crypto";
import { type CoseAlgorithm, coseKeyJwk } from "@/lib/encoding/cose-public-key";

/** A passkey's public key imported once for node:crypto, with the algorithm its signatures use. */
export interface AssertionKey {
  algorithm: CoseAlgorithm;
  key: KeyObject;
}

/** At most this many imported keys are kept; the least recently used goes first. */
export const assertionKeyCacheLimit = 10_000;

const cache = new Map<string, AssertionKey>();

/**
 * The imported public key of a passkey, cached per credential id and SHA-256 of its COSE bytes (so a credential
 * removed and added again with another key never meets its old key). Null for a key this code does not read
 * (malformed, or of a kind other than ES256, EdDSA and RS256): SimpleWebAuthn decides about those.
 */
export function keyObjectFor(credentialId: string, publicKey: Uint8Array): AssertionKey | null {
  const name = `${createHash("sha256").update(publicKey).digest("base64url")}:${credentialId}`;
  const cached = cache.get(name);
  if (cached) {
    cache.delete(name);
    cache.set(name, cached);
    return cached;
  }
  const read = coseKeyJwk(publicKey);
  if (!read) return null;
  let imported: AssertionKey;
  try {
    imported = {
      algorithm: read.algorithm,
      key: createPublicKey({ key: read.jwk as JsonWebKey, format: "jwk" }),
    };
  } catch {
    return null; // e.g. a point not on the curve: the library's import refuses it in its own words.
  }
  cache.set(name, imported);
  while (cache.size > assertionKeyCacheLimit) {
    const oldest = cache.keys().next().value;
    if (oldest === undefined) break;
    cache.delete(oldest);
  }
  return imported;
}

/** How many keys the cache holds (for tests). */
export function assertionKeyCacheSize(): number {
  return cache.size;
}
