/**
 * Where one CBOR data item (RFC 8949) that starts at `offset` ends, for stepping over the attested credential data
 * and extensions in authenticator data without keeping them. SimpleWebAuthn decodes these with tiny-cbor and
 * re-encodes them to learn their length, so only what survives that unchanged is read: shortest-form heads,
 * definite lengths, integers, byte strings, valid UTF-8 text, arrays, maps with distinct integer or text keys,
 * tags, and false/true/null/undefined. Anything else throws (where SimpleWebAuthn also throws, or misreads the
 * length; floats are refused, which it re-encodes shorter and then refuses as leftover bytes).
 */
const utf8 = new TextDecoder("utf-8", { fatal: true });

function head(
  bytes: Uint8Array,
  offset: number,
): { major: number; info: number; length: number; at: number } {
  const first = bytes[offset];
  if (first === undefined) throw new Error("CBOR item truncated");
  const [major, info] = [first >> 5, first & 31];
  if (info < 24) return { major, info, length: info, at: offset + 1 };
  if (info > 27) throw new Error("CBOR indefinite or reserved length");
  const size = 1 << (info - 24);
  if (offset + 1 + size > bytes.length) throw new Error("CBOR item truncated");
  let length = 0;
  for (let index = 1; index <= size; index++) length = length * 256 + bytes[offset + index]!;
  const smallest = info === 24 ? 24 : 2 ** (8 * (size / 2));
  if (length < smallest || length > Number.MAX_SAFE_INTEGER)
    throw new Error("CBOR length not in shortest form");
  return { major, info, length, at: offset + 1 + size };
}

export function cborItemEnd(bytes: Uint8Array, offset: number, depth = 0): number {
  if (depth > 16) throw new Error("CBOR nested too deeply");
  const { major, info, length, at } = head(bytes, offset);
  if (major === 0 || major === 1) return at;
  if (major === 7) {
    if (info < 20 || info > 23) throw new Error("CBOR simple value or float not read");
    return at;
  }
  if (major === 2 || major === 3) {
    if (at + length > bytes.length) throw new Error("CBOR item truncated");
    if (major === 3) utf8.decode(bytes.subarray(at, at + length));
    return at + length;
  }
  if (major === 6) return cborItemEnd(bytes, at, depth + 1);
  if ((major === 5 ? 2 * length : length) > bytes.length - at) throw new Error("CBOR item truncated");
  let pointer = at;
  const keys = new Set<string>();
  for (let index = 0; index < length; index++) {
    if (major === 5) {
      const keyMajor = (bytes[pointer] ?? 0xff) >> 5;
      if (keyMajor > 1 && keyMajor !== 3) throw new Error("CBOR map key neither integer nor text");
      const keyEnd = cborItemEnd(bytes, pointer, depth + 1);
      const key = Buffer.from(bytes.subarray(pointer, keyEnd)).toString("hex");
      if (keys.has(key)) throw new Error("CBOR map key repeated");
      keys.add(key);
      pointer = keyEnd;
    }
    pointer = cborItemEnd(bytes, pointer, depth + 1);
  }
  return pointer;
}

/** Where the authenticator extensions (a CBOR map, as SimpleWebAuthn reads them) starting at `offset` end. */
export function extensionsEnd(bytes: Uint8Array, offset: number): number {
  if ((bytes[offset] ?? 0) >> 5 !== 5) throw new Error("Authenticator extensions are not a map");
  return cborItemEnd(bytes, offset);
}
