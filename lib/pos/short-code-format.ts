/** Crockford's base 32: digits and capital letters without I, L, O and U, so nothing reads as something else. */
export const shortCodeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** How many characters a till's payment code has: 32⁶ ≈ 10⁹ codes, few open at once, guessing rate-limited. */
export const shortCodeLength = 6;

/** How a person reads a code aloud or types it: two groups of three ("K7M-4QX"). */
export function formatShortCode(code: string): string {
  return `${code.slice(0, 3)}-${code.slice(3)}`;
}

/**
 * What a person typed, as a code: spaces and dashes dropped, lower case raised, and the letters Crockford reads
 * as digits (O as 0, I and L as 1) mapped; null when it is not six characters of the alphabet.
 */
export function parseShortCode(typed: unknown): string | null {
  if (typeof typed !== "string" || typed.length > 20) return null;
  const code = typed.replace(/[\s-]/g, "").toUpperCase().replace(/O/g, "0").replace(/[IL]/g, "1");
  if (code.length !== shortCodeLength) return null;
  for (const character of code) if (!shortCodeAlphabet.includes(character)) return null;
  return code;
}
