import { type CoseAlgorithm, coseKeyJwk } from "@/lib/encoding/cose-public-key";

/**
 * Verifies a WebAuthn signature with a passkey's recorded COSE public key (RFC 9053), in Node and in the browser
 * alike through WebCrypto. The key is read by lib/encoding/cose-public-key.ts (ES256, EdDSA and RS256).
 */

/** A DER ECDSA signature (SEQUENCE of two INTEGERs) as the raw r‖s WebCrypto verifies, or undefined. */
function rawEcdsaSignature(der: Uint8Array, size: number): Uint8Array | undefined {
  if (der[0] !== 0x30 || der[1] !== der.length - 2 || der.length > 2 + 2 * (3 + size)) return undefined;
  const raw = new Uint8Array(2 * size);
  let offset = 2;
  for (const half of [0, 1]) {
    const length = der[offset + 1] ?? 0;
    if (der[offset] !== 0x02 || length < 1 || offset + 2 + length > der.length) return undefined;
    let integer = der.subarray(offset + 2, offset + 2 + length);
    while (integer.length > 1 && integer[0] === 0) integer = integer.subarray(1);
    if (integer.length > size) return undefined;
    raw.set(integer, half * size + size - integer.length);
    offset += 2 + length;
  }
  return offset === der.length ? raw : undefined;
}

interface Verifier {
  importAs: AlgorithmIdentifier | EcKeyImportParams | RsaHashedImportParams;
  verifyAs: AlgorithmIdentifier | EcdsaParams;
  signature: (signature: Uint8Array) => Uint8Array | undefined;
}

const verifiers: Record<CoseAlgorithm, Verifier> = {
  ES256: {
    importAs: { name: "ECDSA", namedCurve: "P-256" },
    verifyAs: { name: "ECDSA", hash: "SHA-256" },
    signature: (der) => rawEcdsaSignature(der, 32),
  },
  EdDSA: {
    importAs: { name: "Ed25519" },
    verifyAs: { name: "Ed25519" },
    signature: (signature) => signature,
  },
  RS256: {
    importAs: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
    verifyAs: { name: "RSASSA-PKCS1-v1_5" },
    signature: (signature) => signature,
  },
};

/**
 * Whether `signature` (as the authenticator returned it) is valid over `data` under the COSE public key
 * `publicKey`: "unsupported" for a key of another kind or a malformed key, and never throws.
 */
export async function verifyWithCoseKey(
  publicKey: Uint8Array,
  data: Uint8Array,
  signature: Uint8Array,
): Promise<"valid" | "invalid" | "unsupported"> {
  const read = coseKeyJwk(publicKey);
  if (!read) return "unsupported";
  const verifier = verifiers[read.algorithm];
  let key: CryptoKey;
  try {
    key = await crypto.subtle.importKey("jwk", read.jwk, verifier.importAs, false, ["verify"]);
  } catch {
    return "unsupported";
  }
  const raw = verifier.signature(signature);
  if (!raw) return "invalid";
  try {
    return (await crypto.subtle.verify(verifier.verifyAs, key, raw as BufferSource, data as BufferSource))
      ? "valid"
      : "invalid";
  } catch {
    return "invalid";
  }
}
