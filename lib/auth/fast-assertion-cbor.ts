/**
 * Where one well-formed CBOR data item (RFC 8949) that starts at `offset` ends, for stepping over the attested
 * credential data and extensions in authenticator data without decoding them. Definite lengths only, as
 * SimpleWebAuthn's decoder (tiny-cbor) reads; throws for anything truncated or malformed, as it does.
 */
export function cborItemEnd(bytes: Uint8Array, offset: number, depth = 0): number {
  if (depth > 16) throw new Error("CBOR nested too deeply");
  const first = bytes[offset];
  if (first === undefined) throw new Error("CBOR item truncated");
  const major = first >> 5;
  const info = first & 31;
  let at = offset + 1;
  let length: number;
  if (info < 24) length = info;
  else if (info <= 27) {
    const size = 1 << (info - 24);
    if (at + size > bytes.length) throw new Error("CBOR item truncated");
    length = 0;
    for (let index = 0; index < size; index++) length = length * 256 + bytes[at + index]!;
    at += size;
  } else throw new Error("CBOR indefinite or reserved length");
  if (major === 0 || major === 1 || major === 7) return at;
  if (major === 2 || major === 3) {
    if (at + length > bytes.length) throw new Error("CBOR item truncated");
    return at + length;
  }
  if (major === 6) return cborItemEnd(bytes, at, depth + 1);
  const items = major === 5 ? 2 * length : length;
  if (items > bytes.length - at) throw new Error("CBOR item truncated");
  for (let index = 0; index < items; index++) at = cborItemEnd(bytes, at, depth + 1);
  return at;
}
