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
 * removed and added again with another key never meets its old key). Throws for a malformed key or one of a kind
 * Scrip does not register (ES256, EdDSA and RS256 are read), as SimpleWebAuthn throws for keys it cannot read.
 */
export function keyObjectFor(credentialId: string, publicKey: Uint8Array): AssertionKey {
  const name = `${createHash("sha256").update(publicKey).digest("base64url")}:${credentialId}`;
  const cached = cache.get(name);
  if (cached) {
    cache.delete(name);
    cache.set(name, cached);
    return cached;
  }
  const read = coseKeyJwk(publicKey);
  if (!read) throw new Error("Credential public key is not an ES256, EdDSA or RS256 COSE key");
  const imported = {
    algorithm: read.algorithm,
    key: createPublicKey({ key: read.jwk as JsonWebKey, format: "jwk" }),
  };
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
