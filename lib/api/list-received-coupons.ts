import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { coupons } from "@/db/schema";
import { requireApiScope } from "@/lib/api-keys/api-key-scopes";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { decodeCursor, encodeCursor } from "./api-cursor";
import { type CouponStatus, couponStatuses } from "./coupon-statuses";

export { couponStatuses };

export const couponPageSizeMax = 100;

export interface ReceivedCouponPage {
  coupons: {
    id: string;
    amountMinor: bigint;
    currency: string;
    status: CouponStatus;
    version: number;
    funded: boolean;
    issuedAt: Date;
    expiresAt: Date;
  }[];
  nextCursor: string | null;
}

/**
 * The coupons a shop holds (`read` scope), newest issued first, one page of at most `couponPageSizeMax`,
 * optionally of one status; `nextCursor` continues after the last one.
 */
export async function listReceivedCoupons(
  db: DbOrTx,
  actor: Actor,
  input: { shopId: string; limit: number; cursor?: string; status?: CouponStatus },
): Promise<ReceivedCouponPage> {
  requireApiScope(actor, ["read"], input.shopId);
  if (actor.kind !== "shop") throw new AppError("FORBIDDEN", "Only a shop lists its coupons here.");
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
        eq(coupons.ownerPartyId, actor.partyId),
        input.status ? eq(coupons.status, input.status) : undefined,
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
