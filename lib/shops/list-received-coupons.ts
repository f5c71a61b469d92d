import "server-only";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { coupons, shops } from "@/db/schema";
import { decodeCursor, encodeCursor } from "@/lib/api/api-cursor";
import { requireApiScope } from "@/lib/api-keys/api-key-scopes";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import type { CouponStatus } from "@/lib/coupons/coupon-statuses";
import { AppError } from "@/lib/errors";

export const couponPageSizeMax = 200;

export interface ReceivedCoupon {
  id: string;
  amountMinor: bigint;
  currency: string;
  status: CouponStatus;
  version: number;
  funded: boolean;
  issuedAt: Date;
  expiresAt: Date;
}

export interface ReceivedCouponPage {
  coupons: ReceivedCoupon[];
  nextCursor: string | null;
}

/** True when the shop may convert this coupon to money now. */
export const isConvertible = (coupon: Pick<ReceivedCoupon, "funded" | "status">) =>
  coupon.funded && (coupon.status === "active" || coupon.status === "expired");

/** The party of `shopId` for a reader: its API key with `read`, or a member holding `shop.read` there. */
export async function shopPartyOf(db: DbOrTx, actor: Actor, shopId: string): Promise<string> {
  if (actor.kind === "shop") {
    requireApiScope(actor, ["read"], shopId);
    return actor.partyId;
  }
  requirePermission(actor, "shop.read", { shopId });
  const [shop] = await db.select({ partyId: shops.partyId }).from(shops).where(eq(shops.id, shopId));
  if (!shop) throw new AppError("NOT_FOUND", "There is no such shop.");
  return shop.partyId;
}

/**
 * The coupons a shop holds, newest issued first, one page of at most `couponPageSizeMax`, optionally of some
 * statuses; `nextCursor` continues after the last one. A shop's API key needs the `read` scope, a member
 * `shop.read` on the shop.
 */
export async function listReceivedCoupons(
  db: DbOrTx,
  actor: Actor,
  input: { shopId: string; limit: number; cursor?: string; statuses?: readonly CouponStatus[] },
): Promise<ReceivedCouponPage> {
  const partyId = await shopPartyOf(db, actor, input.shopId);
  const limit = Math.min(Math.max(1, Math.trunc(input.limit)), couponPageSizeMax);
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const rows = await db
    .select({
      id: coupons.id,
      amountMinor: coupons.amountMinor,
      currency: coupons.currency,
      status: coupons.status,
      version: coupons.version,
      funded: coupons.funded,
      issuedAt: coupons.issuedAt,
      expiresAt: coupons.expiresAt,
    })
    .from(coupons)
    .where(
      and(
        eq(coupons.ownerPartyId, partyId),
        input.statuses ? inArray(coupons.status, [...input.statuses]) : undefined,
        after
          ? sql`(${coupons.issuedAt}, ${coupons.id}) < (${after.at.toISOString()}::timestamptz, ${after.id})`
          : undefined,
      ),
    )
    .orderBy(desc(coupons.issuedAt), desc(coupons.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    coupons: page,
    nextCursor: rows.length > limit && last ? encodeCursor(last.issuedAt, last.id) : null,
  };
}
