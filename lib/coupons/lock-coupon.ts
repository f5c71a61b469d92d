import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { coupons } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { isId } from "@/lib/ids";
import { type CouponAction, nextCouponStatus } from "./coupon-transitions";

export type CouponRow = typeof coupons.$inferSelect;

/** The public shape of a coupon returned by domain functions (never the raw row with its attestation). */
export interface CouponView {
  id: string;
  amountMinor: bigint;
  currency: string;
  requesterPartyId: string;
  ownerPartyId: string;
  version: number;
  status: CouponRow["status"];
  funded: boolean;
  issuedAt: Date;
  expiresAt: Date;
  parentId: string | null;
}

export function toCouponView(row: CouponRow): CouponView {
  return {
    id: row.id,
    amountMinor: row.amountMinor,
    currency: row.currency,
    requesterPartyId: row.requesterPartyId,
    ownerPartyId: row.ownerPartyId,
    version: row.version,
    status: row.status,
    funded: row.funded,
    issuedAt: row.issuedAt,
    expiresAt: row.expiresAt,
    parentId: row.parentId,
  };
}

/**
 * Locks a coupon row for the rest of the transaction and returns its current state. Every change to a coupon
 * (and to its transfers and events) starts here, so the coupon row serialises them.
 */
export async function lockCouponOrThrow(tx: DbOrTx, couponId: unknown): Promise<CouponRow> {
  if (!isId("coupon", couponId)) throw new AppError("NOT_FOUND", "No such coupon.");
  const [row] = await tx.select().from(coupons).where(eq(coupons.id, couponId)).for("update");
  if (!row) throw new AppError("NOT_FOUND", "No such coupon.");
  return row;
}

/** Refuses anyone but the coupon's current owner. Another party's coupon looks exactly like a missing one. */
export function assertOwner(row: CouponRow, partyId: string): void {
  if (row.ownerPartyId !== partyId) throw new AppError("NOT_FOUND", "No such coupon.");
}

/** Refuses a stale version (the coupon changed hands or was re-offered since the caller looked). */
export function assertVersion(row: CouponRow, version: unknown): void {
  if (row.version !== version) {
    throw new AppError(
      "VERSION_CONFLICT",
      "This coupon changed since you last saw it; reload and try again.",
    );
  }
}

/** Refuses a coupon past its term of validity (even when the expiry batch has not marked it yet). */
export function assertNotExpired(row: CouponRow, now: Date): void {
  if (row.expiresAt <= now) throw new AppError("COUPON_EXPIRED", "This coupon has expired.");
}

/**
 * Locks the coupon `owner` acts on for `action`: theirs (another's looks missing), in a status `action` may
 * leave, at the version they saw.
 */
export async function lockOwnCoupon(
  tx: DbOrTx,
  input: { couponId: unknown; owner: string; action: CouponAction; version: number },
): Promise<CouponRow> {
  const coupon = await lockCouponOrThrow(tx, input.couponId);
  assertOwner(coupon, input.owner);
  nextCouponStatus(coupon.status, input.action);
  assertVersion(coupon, input.version);
  return coupon;
}
