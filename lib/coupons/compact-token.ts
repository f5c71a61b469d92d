import { idPrefixes } from "@/lib/ids";
import { maxAmountMinor } from "@/lib/money/money";
import type { OwnerPart, ValuePart } from "./coupon-token";

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

function base32(bytes: Buffer): string {
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
function fromBase32(text: string): Buffer | undefined {
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
  const decoded = Buffer.from(bytes);
  return base32(decoded) === text ? decoded : undefined;
}

/** The 16 random bytes of a canonical id of this prefix, or undefined. */
function idToBytes(id: string, prefix: string): Buffer | undefined {
  if (!id.startsWith(`${prefix}_`)) return undefined;
  const text = id.slice(prefix.length + 1);
  const bytes = Buffer.from(text, "base64url");
  return bytes.length === idBytes && bytes.toString("base64url") === text ? bytes : undefined;
}

const idOf = (bytes: Buffer, prefix: string) => `${prefix}_${bytes.toString("base64url")}`;

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
    Buffer.from(input.valueSignature, "base64url"),
    Buffer.from(input.ownerSignature, "base64url"),
  ];
  const [valueKid, couponId, ownerKid, ownerParty, valueSig, ownerSig] = parts;
  if (!valueKid || !couponId || !ownerKid || !ownerParty || !valueSig || !ownerSig) return null;
  if (valueSig.length !== signatureBytes || ownerSig.length !== signatureBytes) return null;
  if (owner.couponId !== value.couponId || !/^[A-Z]{3}$/.test(value.currency)) return null;
  if (!Number.isSafeInteger(owner.version) || owner.version < 1 || owner.version > 0xffff_ffff) return null;
  if (value.amountMinor < 1n || value.amountMinor > maxAmountMinor) return null;
  const numbers = Buffer.alloc(8 + 5 + 5);
  numbers.writeBigUInt64BE(value.amountMinor, 0);
  numbers.writeUIntBE(Math.floor(value.issuedAt.getTime() / 1000), 8, 5);
  numbers.writeUIntBE(Math.floor(value.expiresAt.getTime() / 1000), 13, 5);
  const version = Buffer.alloc(4);
  version.writeUInt32BE(owner.version, 0);
  const packed = Buffer.concat([
    valueKid,
    couponId,
    numbers.subarray(0, 8),
    Buffer.from(value.currency, "ascii"),
    numbers.subarray(8),
    ownerKid,
    ownerParty,
    version,
    valueSig,
    ownerSig,
  ]);
  return compactTokenPrefix + base32(packed);
}

/** The fields and raw signatures of a short-form token, or undefined for anything malformed. */
export function decodeCompactToken(
  token: string,
): { value: ValuePart; owner: OwnerPart; valueSignature: Buffer; ownerSignature: Buffer } | undefined {
  if (!token.startsWith(compactTokenPrefix)) return undefined;
  const packed = fromBase32(token.slice(compactTokenPrefix.length));
  if (!packed || packed.length !== packedBytes) return undefined;
  let offset = 0;
  const [
    valueKid,
    couponId,
    amount,
    currency,
    issued,
    expires,
    ownerKid,
    ownerParty,
    version,
    valueSig,
    ownerSig,
  ] = layout.map((size) => {
    const field = packed.subarray(offset, offset + size);
    offset += size;
    return field;
  }) as [Buffer, Buffer, Buffer, Buffer, Buffer, Buffer, Buffer, Buffer, Buffer, Buffer, Buffer];
  const amountMinor = amount.readBigUInt64BE(0);
  const currencyText = currency.toString("latin1");
  const issuedAt = issued.readUIntBE(0, 5);
  const expiresAt = expires.readUIntBE(0, 5);
  const ownerVersion = version.readUInt32BE(0);
  if (amountMinor < 1n || amountMinor > maxAmountMinor || !/^[A-Z]{3}$/.test(currencyText)) return undefined;
  if (issuedAt < 1 || expiresAt < 1 || ownerVersion < 1) return undefined;
  const id = idOf(couponId, idPrefixes.coupon);
  return {
    value: {
      kid: idOf(valueKid, idPrefixes.issuerKey),
      couponId: id,
      amountMinor,
      currency: currencyText,
      issuedAt: new Date(issuedAt * 1000),
      expiresAt: new Date(expiresAt * 1000),
    },
    owner: {
      kid: idOf(ownerKid, idPrefixes.issuerKey),
      couponId: id,
      ownerPartyId: idOf(ownerParty, idPrefixes.party),
      version: ownerVersion,
    },
    valueSignature: valueSig,
    ownerSignature: ownerSig,
  };
}
