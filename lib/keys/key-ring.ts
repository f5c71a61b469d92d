import { createPublicKey, type KeyObject } from "node:crypto";

export type IssuerKeyPurpose = "value" | "owner_attestation";

/** One published issuer public key, parsed once into a KeyObject. */
export interface IssuerPublicKey {
  kid: string;
  purpose: IssuerKeyPurpose;
  status: "active" | "retired";
  /** base64url raw 32-byte Ed25519 public key (the JWK `x`). */
  x: string;
  key: KeyObject;
}

/** What token verification needs: the published keys by kid. A Map from `loadIssuerKeys` fits. */
export interface IssuerKeyLookup {
  get(kid: string): IssuerPublicKey | undefined;
}

// Parsing a public key costs far more than a verification's map lookup, so KeyObjects are cached by kid
// (kids are random and never reused, so an entry can never go stale; a key's bytes never change).
const keyObjects = new Map<string, KeyObject>();
const maxCachedKeys = 10_000;

/** The Ed25519 public KeyObject for `kid` with raw key `x`, created once per process. */
export function publicKeyObject(kid: string, x: string): KeyObject {
  const cached = keyObjects.get(`${kid}:${x}`);
  if (cached) return cached;
  const key = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x }, format: "jwk" });
  if (keyObjects.size >= maxCachedKeys) keyObjects.clear();
  keyObjects.set(`${kid}:${x}`, key);
  return key;
}
