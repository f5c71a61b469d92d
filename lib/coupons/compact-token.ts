import { concatBytes, fromBase64Url, toBase64Url } from "@/lib/encoding/base64url";
import { idPrefixes } from "@/lib/id-prefixes";
import { maxAmountMinor } from "@/lib/money/money";
import type { OwnerPart, ValuePart } from "./coupon-payloads";

/**
 * The short form of a coupon token, for QR codes a phone camera reads at a glance: the same fields and the same two
 * Ed25519 signatures as the `scrip1.` token, packed as bytes (ids as their 16 random bytes, times as seconds) and
 * written in RFC 4648 base32 after `SCRIP2.`. Every character is in the QR code's alphanumeric set, so it encodes
 * at 5.5 bits a character instead of 8: about 355 characters fit a version 10 symbol at error correction L.
 *
 * Nothing new is signed: a verifier rebuilds the exact signed payloads (valuePayload, ownerPayload) from the fields
 * and checks the original signatures, so both forms of one coupon verify alike. Only canonical ids (a prefix and
 * 22 base64url characters) pack; a coupon with any other id is shown in the long form.
 */
export const compactTokenPrefix = "SCRIP2.";

const idBytes = 16;
const signatureBytes = 64;
/** value kid, coupon id, amount, currency, issued, expires, owner kid, owner party, version, two signatures. */
const layout = [idBytes, idBytes, 8, 3, 5, 5, idBytes, idBytes, 4, signatureBytes, signatureBytes] as const;
const packedBytes = layout.reduce((sum, size) => sum + size, 0);
const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

function base32(bytes: Uint8Array): string {
  let out = "";
  let bits = 0;
  let buffer = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += alphabet[(buffer >> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  return bits > 0 ? out + alphabet[(buffer << (5 - bits)) & 31] : out;
}

/** Strict: only the alphabet, and only the one canonical spelling of the bytes. */
function fromBase32(text: string): Uint8Array | undefined {
  const bytes: number[] = [];
  let bits = 0;
  let buffer = 0;
  for (const char of text) {
    const digit = alphabet.indexOf(char);
    if (digit < 0) return undefined;
    buffer = (buffer << 5) | digit;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 255);
    }
    buffer &= (1 << bits) - 1;
  }
  const decoded = Uint8Array.from(bytes);
  return base32(decoded) === text ? decoded : undefined;
}

/** The 16 random bytes of a canonical id of this prefix, or undefined. */
function idToBytes(id: string, prefix: string): Uint8Array | undefined {
  if (!id.startsWith(`${prefix}_`)) return undefined;
  const bytes = fromBase64Url(id.slice(prefix.length + 1));
  return bytes?.length === idBytes ? bytes : undefined;
}

const idOf = (bytes: Uint8Array, prefix: string) => `${prefix}_${toBase64Url(bytes)}`;
const maxSeconds = 2 ** 40 - 1; // times travel as five bytes

/** Whole seconds since the epoch as five big-endian bytes at `offset` (DataView has no 40-bit setter). */
function writeSeconds(view: DataView, offset: number, seconds: number): void {
  view.setUint8(offset, Math.floor(seconds / 2 ** 32));
  view.setUint32(offset + 1, seconds % 2 ** 32);
}

const readSeconds = (view: DataView, offset: number) =>
  view.getUint8(offset) * 2 ** 32 + view.getUint32(offset + 1);

/** The short form of a token, or null when some field cannot be packed (then show the `scrip1.` form). */
export function encodeCompactToken(input: {
  value: ValuePart;
  owner: OwnerPart;
  valueSignature: string;
  ownerSignature: string;
}): string | null {
  const { value, owner } = input;
  const parts = [
    idToBytes(value.kid, idPrefixes.issuerKey),
    idToBytes(value.couponId, idPrefixes.coupon),
    idToBytes(owner.kid, idPrefixes.issuerKey),
    idToBytes(owner.ownerPartyId, idPrefixes.party),
    fromBase64Url(input.valueSignature),
    fromBase64Url(input.ownerSignature),
  ];
  const [valueKid, couponId, ownerKid, ownerParty, valueSig, ownerSig] = parts;
  if (!valueKid || !couponId || !ownerKid || !ownerParty || !valueSig || !ownerSig) return null;
  if (valueSig.length !== signatureBytes || ownerSig.length !== signatureBytes) return null;
  if (owner.couponId !== value.couponId || !/^[A-Z]{3}$/.test(value.currency)) return null;
  if (!Number.isSafeInteger(owner.version) || owner.version < 1 || owner.version > 0xffff_ffff) return null;
  if (value.amountMinor < 1n || value.amountMinor > maxAmountMinor) return null;
  const times = [value.issuedAt, value.expiresAt].map((date) => Math.floor(date.getTime() / 1000));
  if (!times.every((seconds) => seconds >= 1 && seconds <= maxSeconds)) return null;
  const numbers = new DataView(new ArrayBuffer(8 + 5 + 5 + 4));
  numbers.setBigUint64(0, value.amountMinor);
  writeSeconds(numbers, 8, times[0]!);
  writeSeconds(numbers, 13, times[1]!);
  numbers.setUint32(18, owner.version);
  const numberBytes = new Uint8Array(numbers.buffer);
  const packed = concatBytes(
    valueKid,
    couponId,
    numberBytes.subarray(0, 8),
    new TextEncoder().encode(value.currency),
    numberBytes.subarray(8, 18),
    ownerKid,
    ownerParty,
    numberBytes.subarray(18),
    valueSig,
    ownerSig,
  );
  return compactTokenPrefix + base32(packed);
}

/** The fields and raw signatures of a short-form token, or undefined for anything malformed. */
export function decodeCompactToken(
  token: string,
):
  | { value: ValuePart; owner: OwnerPart; valueSignature: Uint8Array; ownerSignature: Uint8Array }
  | undefined {
  if (!token.startsWith(compactTokenPrefix)) return undefined;
  const packed = fromBase32(token.slice(compactTokenPrefix.length));
  if (!packed || packed.length !== packedBytes) return undefined;
  const offsets = layout.map((_, index) => layout.slice(0, index).reduce((sum, size) => sum + size, 0));
  const field = (index: number) => packed.subarray(offsets[index], offsets[index]! + layout[index]!);
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  const amountMinor = view.getBigUint64(offsets[2]!);
  const currency = String.fromCharCode(...field(3));
  const issuedAt = readSeconds(view, offsets[4]!);
  const expiresAt = readSeconds(view, offsets[5]!);
  const version = view.getUint32(offsets[8]!);
  if (amountMinor < 1n || amountMinor > maxAmountMinor || !/^[A-Z]{3}$/.test(currency)) return undefined;
  if (issuedAt < 1 || expiresAt < 1 || version < 1) return undefined;
  const couponId = idOf(field(1), idPrefixes.coupon);
  return {
    value: {
      kid: idOf(field(0), idPrefixes.issuerKey),
      couponId,
      amountMinor,
      currency,
      issuedAt: new Date(issuedAt * 1000),
      expiresAt: new Date(expiresAt * 1000),
    },
    owner: {
      kid: idOf(field(6), idPrefixes.issuerKey),
      couponId,
      ownerPartyId: idOf(field(7), idPrefixes.party),
      version,
    },
    valueSignature: field(9),
    ownerSignature: field(10),
  };
}
