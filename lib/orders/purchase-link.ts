import { type SQL, sql } from "drizzle-orm";
import { column } from "@/db/rows";

/** A purchase a coupon is linked to, named the way people recall it: the shop and the day they paid. */
export interface PurchaseLink {
  orderId: string;
  shopName: string;
  paidAt: Date;
}

/** The row shape of `purchaseOf`: the order, its shop's name and when it was paid (null when none). */
export const purchaseRow = {
  order_id: column.textOrNull,
  shop_name: column.textOrNull,
  paid_at: column.dateOrNull,
};

/**
 * A lateral join `purchase` naming the paid order `orderId` if `buyerPartyId` bought it — only the buyer's own
 * purchase is ever named, so a coupon that later went to someone else never tells them whose purchase it was.
 * Select `purchase.order_id, purchase.shop_name, purchase.paid_at` (a `purchaseRow`).
 */
export const purchaseJoin = (orderId: SQL, buyerPartyId: string) => sql`
  left join lateral (
    select o.id as order_id, s.name as shop_name, o.paid_at from orders o join shops s on s.id = o.shop_id
    where o.id = ${orderId} and o.buyer_party_id = ${buyerPartyId} and o.paid_at is not null
  ) purchase on true`;

export const purchaseColumns = sql`purchase.order_id, purchase.shop_name, purchase.paid_at`;

/** The purchase of a `purchaseRow`, or null when the order is not the viewer's paid purchase. */
export function purchaseFrom(row: {
  order_id: string | null;
  shop_name: string | null;
  paid_at: Date | null;
}): PurchaseLink | null {
  return row.order_id && row.shop_name && row.paid_at
    ? { orderId: row.order_id, shopName: row.shop_name, paidAt: row.paid_at }
    : null;
}
