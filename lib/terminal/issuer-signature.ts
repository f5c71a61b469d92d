import type { TerminalJwk } from "./terminal-types";

export type KeyVerdict = "ok" | "unknown_key" | "bad_signature";

/**
 * Whether `signature` is the issuer's Ed25519 signature over `bytes` by its published key `kid`, which must be
 * of `purpose`: WebCrypto only, so it runs in the browser and in Node alike. Never throws.
 */
export async function issuerSignatureVerdict(
  jwks: { keys: TerminalJwk[] },
  kid: string,
  purpose: "value" | "owner_attestation",
  bytes: Uint8Array,
  signature: Uint8Array,
): Promise<KeyVerdict> {
  const keys = Array.isArray(jwks?.keys) ? jwks.keys : [];
  const jwk = keys.find((key) => key?.kid === kid);
  if (jwk?.purpose !== purpose || jwk.kty !== "OKP" || jwk.crv !== "Ed25519" || typeof jwk.x !== "string") {
    return "unknown_key";
  }
  let key: CryptoKey;
  try {
    const publicJwk = { kty: "OKP", crv: "Ed25519", x: jwk.x };
    key = await crypto.subtle.importKey("jwk", publicJwk, { name: "Ed25519" }, false, ["verify"]);
  } catch {
    return "unknown_key";
  }
  try {
    const valid = await crypto.subtle.verify(
      { name: "Ed25519" },
      key,
      signature as BufferSource,
      bytes as BufferSource,
    );
    return valid ? "ok" : "bad_signature";
  } catch {
    return "bad_signature";
  }
}
