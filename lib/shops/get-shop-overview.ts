import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { column, queryRow } from "@/db/rows";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import type { MemberShop } from "./get-member-shop";

const overviewRow = {
  paid_orders: column.int,
  paid_minor: column.bigint,
  held_coupons: column.int,
  held_minor: column.bigint,
  products_for_sale: column.int,
};

/** The shop at a glance: paid orders, value of coupons held (convertible now), products for sale. */
export async function getShopOverview(db: DbOrTx, actor: Actor, shop: MemberShop) {
  requirePermission(actor, "shop.read", { shopId: shop.shopId });
  const row = await queryRow(
    db,
    overviewRow,
    sql`select
      (select count(*)::int from orders where shop_id = ${shop.shopId} and status <> 'pending' and status <> 'cancelled') as paid_orders,
      (select coalesce(sum(total_minor - refunded_minor), 0)::text from orders where shop_id = ${shop.shopId} and status <> 'pending' and status <> 'cancelled') as paid_minor,
      (select count(*)::int from coupons where owner_party_id = ${shop.partyId} and status in ('active', 'expired') and funded) as held_coupons,
      (select coalesce(sum(amount_minor), 0)::text from coupons where owner_party_id = ${shop.partyId} and status in ('active', 'expired') and funded) as held_minor,
      (select count(*)::int from products where shop_id = ${shop.shopId} and active) as products_for_sale`,
  );
  return {
    paidOrders: row?.paid_orders ?? 0,
    paidMinor: row?.paid_minor ?? 0n,
    heldCoupons: row?.held_coupons ?? 0,
    heldMinor: row?.held_minor ?? 0n,
    productsForSale: row?.products_for_sale ?? 0,
  };
}
