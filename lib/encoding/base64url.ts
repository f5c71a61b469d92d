/**
 * Base64url (RFC 4648 §5, unpadded) for code that runs in Node and in the browser alike, where `Buffer` does not
 * exist. Decoding is strict: only the alphabet, no padding, and only the one canonical spelling of the bytes, so a
 * value never has two encodings that a comparison would tell apart.
 */
const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const digitOf = new Map([...alphabet].map((char, index) => [char, index]));

/** The unpadded base64url spelling of `bytes`. */
export function toBase64Url(bytes: Uint8Array): string {
  let out = "";
  for (let index = 0; index < bytes.length; index += 3) {
    const chunk = (bytes[index]! << 16) | ((bytes[index + 1] ?? 0) << 8) | (bytes[index + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - index) * 8) / 6));
    for (let position = 0; position < chars; position++) out += alphabet[(chunk >> (18 - 6 * position)) & 63];
  }
  return out;
}

/** The bytes of a canonical unpadded base64url text, or undefined for anything else. */
export function fromBase64Url(text: string): Uint8Array | undefined {
  if (text.length % 4 === 1) return undefined;
  const bytes = new Uint8Array(Math.floor((text.length * 6) / 8));
  let buffer = 0;
  let bits = 0;
  let offset = 0;
  for (const char of text) {
    const digit = digitOf.get(char);
    if (digit === undefined) return undefined;
    buffer = ((buffer << 6) | digit) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[offset++] = (buffer >> bits) & 255;
    }
  }
  // Leftover bits must be zero, or two texts would spell the same bytes.
  if ((buffer & ((1 << bits) - 1)) !== 0) return undefined;
  return bytes;
}

/** UTF-8 text of base64url-encoded bytes (invalid UTF-8 → undefined), e.g. a WebAuthn clientDataJSON. */
export function textOfBase64Url(text: string): string | undefined {
  const bytes = fromBase64Url(text);
  if (!bytes) return undefined;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** `a` and `b` hold the same bytes. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let index = 0; index < a.length; index++) difference |= a[index]! ^ b[index]!;
  return difference === 0;
}

/** The bytes of `parts` one after another. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
