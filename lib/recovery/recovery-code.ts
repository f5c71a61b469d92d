import { createHash, randomBytes } from "node:crypto";

/** Crockford's base32 alphabet: no I, L, O or U, so a code read aloud or copied by hand stays unambiguous. */
const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** How many codes one set holds. */
export const recoveryCodesPerSet = 10;

/** Characters per code: 20 base32 characters carry 100 random bits. */
const codeLength = 20;

/** A new recovery code, e.g. "7KQ2M-X4B9R-PC0TW-3HNZE": 100 random bits in four groups of five. */
export function newRecoveryCode(): string {
  const bytes = randomBytes(codeLength);
  let code = "";
  // 256 is a multiple of 32, so taking each byte modulo 32 keeps every character uniform.
  for (const byte of bytes) code += alphabet[byte % 32];
  return code.match(/.{5}/g)?.join("-") ?? code;
}

/** The code as typed, made canonical: case, spaces and dashes ignored; O read as 0, I and L as 1. */
export function normaliseRecoveryCode(typed: string): string {
  return typed
    .toUpperCase()
    .replace(/[^0-9A-Z]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
}

/** What is stored of a code: SHA-256 of its canonical form (a 100-bit secret needs no slow hash). */
export function hashRecoveryCode(typed: string): string {
  return createHash("sha256")
    .update(`scrip-recovery:${normaliseRecoveryCode(typed)}`)
    .digest("base64url");
}
