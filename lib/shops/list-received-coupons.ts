import "server-only";
import { and, desc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { coupons } from "@/db/schema";
import type { MemberShop } from "./get-member-shop";

export const receivedCouponsLimit = 200;

/** The coupons the shop holds now (ready to convert) and those it converted, newest first. */
export async function listReceivedCoupons(db: DbOrTx, shop: MemberShop) {
  const rows = await db
    .select({
      id: coupons.id,
      amountMinor: coupons.amountMinor,
      currency: coupons.currency,
      status: coupons.status,
      funded: coupons.funded,
      expiresAt: coupons.expiresAt,
      updatedAt: coupons.updatedAt,
    })
    .from(coupons)
    .where(
      and(
        eq(coupons.ownerPartyId, shop.partyId),
        inArray(coupons.status, ["active", "offered", "expired", "converted"]),
      ),
    )
    .orderBy(desc(coupons.updatedAt), desc(coupons.id))
    .limit(receivedCouponsLimit);
  return rows.map((row) => ({
    ...row,
    convertible: row.funded && (row.status === "active" || row.status === "expired"),
  }));
}
