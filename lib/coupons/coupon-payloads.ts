/**
 * The two signed parts of a coupon token and the exact bytes each key signs. Free of Node APIs, so the wallet
 * terminal in the browser rebuilds the same bytes the server signs (lib/terminal/verify-terminal.ts).
 */

/** The value part: what the coupon is worth and when it is valid. Signed by the issuer's value key. */
export interface ValuePart {
  kid: string;
  couponId: string;
  amountMinor: bigint;
  currency: string;
  issuedAt: Date;
  expiresAt: Date;
}

/** The owner part: who owns the coupon at which version. Countersigned by the owner-attestation key. */
export interface OwnerPart {
  kid: string;
  couponId: string;
  ownerPartyId: string;
  version: number;
}

export const tokenPrefix = "scrip1";
export const maxTokenLength = 1024;

/**
 * The exact bytes the value key signs: compact JSON with a fixed key order and whole seconds, so the same
 * coupon always yields the same bytes and they can be rebuilt from the database row.
 */
export function valuePayload(part: ValuePart): string {
  return `{"k":${JSON.stringify(part.kid)},"i":${JSON.stringify(part.couponId)},"a":"${part.amountMinor}","c":${JSON.stringify(part.currency)},"t":${Math.floor(part.issuedAt.getTime() / 1000)},"e":${Math.floor(part.expiresAt.getTime() / 1000)}}`;
}

/** The exact bytes the owner-attestation key signs. */
export function ownerPayload(part: OwnerPart): string {
  return `{"k":${JSON.stringify(part.kid)},"i":${JSON.stringify(part.couponId)},"o":${JSON.stringify(part.ownerPartyId)},"n":${part.version}}`;
}
