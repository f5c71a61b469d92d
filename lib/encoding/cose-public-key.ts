import { toBase64Url } from "@/lib/encoding/base64url";

/**
 * Reads a passkey's recorded COSE public key (RFC 9053) as a JWK, for Node and the browser alike. Reads only what a
 * COSE_Key is: one CBOR map of small integer keys to integers and byte strings (a minimal decoder rather than a
 * dependency: @levischuck/tiny-cbor is installed only as a dependency of @simplewebauthn/server, not of ours).
 * Supports ES256 (EC2 P-256), EdDSA (Ed25519) and RS256: the algorithms Scrip registers.
 */
type CoseValue = number | Uint8Array;

/** A definite-length CBOR map of integer keys to integers and byte strings, or undefined. */
export function decodeCoseMap(bytes: Uint8Array): Map<number, CoseValue> | undefined {
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

const coseKty = { okp: 1, ec2: 2, rsa: 3 } as const;
const coseAlg = { es256: -7, edDsa: -8, rs256: -257 } as const;

export type CoseAlgorithm = "ES256" | "EdDSA" | "RS256";

/** The JWK of a COSE public key and its algorithm, or undefined for a malformed key or one of another kind. */
export function coseKeyJwk(publicKey: Uint8Array): { algorithm: CoseAlgorithm; jwk: JsonWebKey } | undefined {
  const cose = decodeCoseMap(publicKey);
  if (!cose) return undefined;
  const [kty, alg, minus1, minus2, minus3] = [1, 3, -1, -2, -3].map((label) => cose.get(label));
  const bytes = (value: CoseValue | undefined) => (value instanceof Uint8Array ? value : undefined);
  if (kty === coseKty.ec2 && alg === coseAlg.es256 && minus1 === 1) {
    const [x, y] = [bytes(minus2), bytes(minus3)];
    if (x?.length !== 32 || y?.length !== 32) return undefined;
    return { algorithm: "ES256", jwk: { kty: "EC", crv: "P-256", x: toBase64Url(x), y: toBase64Url(y) } };
  }
  if (kty === coseKty.okp && alg === coseAlg.edDsa && minus1 === 6) {
    const x = bytes(minus2);
    if (x?.length !== 32) return undefined;
    return { algorithm: "EdDSA", jwk: { kty: "OKP", crv: "Ed25519", x: toBase64Url(x) } };
  }
  if (kty === coseKty.rsa && alg === coseAlg.rs256) {
    const [n, e] = [bytes(minus1), bytes(minus2)];
    if (!n || !e || n.length < 256 || e.length > 8) return undefined;
    return { algorithm: "RS256", jwk: { kty: "RSA", n: toBase64Url(n), e: toBase64Url(e) } };
  }
  return undefined;
}
