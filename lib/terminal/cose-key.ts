import { toBase64Url } from "@/lib/encoding/base64url";

/**
 * Verifies a WebAuthn signature with a passkey's recorded COSE public key (RFC 9053), in Node and in the browser
 * alike through WebCrypto. Reads only what a COSE_Key is: one CBOR map of small integer keys to integers and byte
 * strings (a minimal decoder rather than a dependency: @levischuck/tiny-cbor is installed only as a dependency of
 * @simplewebauthn/server, not of ours). Supports ES256 (EC2 P-256), EdDSA (Ed25519) and RS256.
 */
type CoseValue = number | Uint8Array;

/** A definite-length CBOR map of integer keys to integers and byte strings, or undefined. */
function decodeCoseMap(bytes: Uint8Array): Map<number, CoseValue> | undefined {
  let offset = 0;
  const head = (): { major: number; length: number } | undefined => {
    const first = bytes[offset++];
    if (first === undefined) return undefined;
    const major = first >> 5;
    const info = first & 31;
    if (info < 24) return { major, length: info };
    const size = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : 0;
    if (size === 0 || offset + size > bytes.length) return undefined;
    let length = 0;
    for (let index = 0; index < size; index++) length = length * 256 + bytes[offset++]!;
    return { major, length };
  };
  const item = (): CoseValue | undefined => {
    const read = head();
    if (!read) return undefined;
    if (read.major === 0) return read.length;
    if (read.major === 1) return -1 - read.length;
    if (read.major !== 2 || offset + read.length > bytes.length) return undefined;
    offset += read.length;
    return bytes.slice(offset - read.length, offset);
  };
  const map = head();
  if (map?.major !== 5 || map.length > 16) return undefined;
  const entries = new Map<number, CoseValue>();
  for (let index = 0; index < map.length; index++) {
    const key = item();
    const value = item();
    if (typeof key !== "number" || value === undefined || entries.has(key)) return undefined;
    entries.set(key, value);
  }
  return offset === bytes.length ? entries : undefined;
}

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

const coseKty = { okp: 1, ec2: 2, rsa: 3 } as const;
const coseAlg = { es256: -7, edDsa: -8, rs256: -257 } as const;

interface Verifier {
  key: JsonWebKey;
  importAs: AlgorithmIdentifier | EcKeyImportParams | RsaHashedImportParams;
  verifyAs: AlgorithmIdentifier | EcdsaParams;
  signature: (signature: Uint8Array) => Uint8Array | undefined;
}

function verifierOf(cose: Map<number, CoseValue>): Verifier | undefined {
  const [kty, alg, minus1, minus2, minus3] = [1, 3, -1, -2, -3].map((label) => cose.get(label));
  const bytes = (value: CoseValue | undefined) => (value instanceof Uint8Array ? value : undefined);
  if (kty === coseKty.ec2 && alg === coseAlg.es256 && minus1 === 1) {
    const [x, y] = [bytes(minus2), bytes(minus3)];
    if (x?.length !== 32 || y?.length !== 32) return undefined;
    return {
      key: { kty: "EC", crv: "P-256", x: toBase64Url(x), y: toBase64Url(y) },
      importAs: { name: "ECDSA", namedCurve: "P-256" },
      verifyAs: { name: "ECDSA", hash: "SHA-256" },
      signature: (der) => rawEcdsaSignature(der, 32),
    };
  }
  if (kty === coseKty.okp && alg === coseAlg.edDsa && minus1 === 6) {
    const x = bytes(minus2);
    if (x?.length !== 32) return undefined;
    return {
      key: { kty: "OKP", crv: "Ed25519", x: toBase64Url(x) },
      importAs: { name: "Ed25519" },
      verifyAs: { name: "Ed25519" },
      signature: (signature) => signature,
    };
  }
  if (kty === coseKty.rsa && alg === coseAlg.rs256) {
    const [n, e] = [bytes(minus1), bytes(minus2)];
    if (!n || !e || n.length < 256 || e.length > 8) return undefined;
    return {
      key: { kty: "RSA", n: toBase64Url(n), e: toBase64Url(e) },
      importAs: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
      verifyAs: { name: "RSASSA-PKCS1-v1_5" },
      signature: (signature) => signature,
    };
  }
  return undefined;
}

/**
 * Whether `signature` (as the authenticator returned it) is valid over `data` under the COSE public key
 * `publicKey`: "unsupported" for a key of another kind or a malformed key, and never throws.
 */
export async function verifyWithCoseKey(
  publicKey: Uint8Array,
  data: Uint8Array,
  signature: Uint8Array,
): Promise<"valid" | "invalid" | "unsupported"> {
  const cose = decodeCoseMap(publicKey);
  const verifier = cose && verifierOf(cose);
  if (!verifier) return "unsupported";
  let key: CryptoKey;
  try {
    key = await crypto.subtle.importKey("jwk", verifier.key, verifier.importAs, false, ["verify"]);
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
