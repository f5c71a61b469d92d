import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { coupons } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { completeStepUp } from "@/lib/auth/require-step-up";
import { AppError } from "@/lib/errors";
import { isId } from "@/lib/ids";
import { encodeCompactToken } from "./compact-token";
import { ownerPayload, valuePayload } from "./coupon-payloads";
import { encodeCouponToken } from "./coupon-token";
import type { CouponRow } from "./lock-coupon";
import { revealOperation } from "./operations";
import type { OwnerAttestation } from "./sign-coupon-parts";

/** A coupon row's two signed parts as they stand: the value part and the current owner part. */
function signedPartsOf(row: CouponRow) {
  const owner = row.ownerAttestation as OwnerAttestation;
  return {
    value: {
      kid: row.valueKid,
      couponId: row.id,
      amountMinor: row.amountMinor,
      currency: row.currency,
      issuedAt: row.issuedAt,
      expiresAt: row.expiresAt,
    },
    owner: { kid: owner.kid, couponId: row.id, ownerPartyId: row.ownerPartyId, version: row.version },
    valueSignature: row.valueSignature,
    ownerSignature: owner.signature,
  };
}

/** The token for a coupon row as it stands: value part and current owner part with their signatures. */
export function couponTokenOf(row: CouponRow): string {
  const parts = signedPartsOf(row);
  return encodeCouponToken({
    valuePayload: valuePayload(parts.value),
    valueSignature: parts.valueSignature,
    ownerPayload: ownerPayload(parts.owner),
    ownerSignature: parts.ownerSignature,
  });
}

/** The short form of a coupon row's token (compact-token.ts), or null when the coupon does not pack. */
export function couponCompactTokenOf(row: CouponRow): string | null {
  return encodeCompactToken(signedPartsOf(row));
}

/** What a coupon's QR code carries: the short form of its token when it packs (compact-token.ts), else the token. */
export function couponQrTextOf(row: CouponRow): string {
  return couponCompactTokenOf(row) ?? couponTokenOf(row);
}

/**
 * The owner's current token for showing as a QR code or link. Only the owner gets it (anyone else is told the
 * coupon does not exist); a person confirms with a passkey assertion over `coupon.reveal` at this version.
 */
export async function getCouponToken(
  db: DbOrTx,
  actor: Actor,
  input: { couponId: string; authorization?: unknown; ip?: string | null },
): Promise<{ token: string; qrText: string; version: number }> {
  if (actor.kind === "system" || !isId("coupon", input.couponId))
    throw new AppError("NOT_FOUND", "No such coupon.");
  const [row] = await db.select().from(coupons).where(eq(coupons.id, input.couponId));
  if (!row || row.ownerPartyId !== actor.partyId) throw new AppError("NOT_FOUND", "No such coupon.");
  if (actor.kind === "user") {
    await completeStepUp(db, {
      actor,
      ip: input.ip,
      auditDb: db,
      operation: revealOperation({ couponId: row.id, version: row.version }),
      response: input.authorization,
    });
  }
  return { token: couponTokenOf(row), qrText: couponQrTextOf(row), version: row.version };
}
