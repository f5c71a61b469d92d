import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import type { MemberShop } from "./get-member-shop";

/** The shop at a glance: paid orders, value of coupons held (convertible now), products for sale. */
export async function getShopOverview(db: DbOrTx, actor: Actor, shop: MemberShop) {
  requirePermission(actor, "shop.read", { shopId: shop.shopId });
  const [row] = await db.execute<{
    paid_orders: number;
    paid_minor: string;
    held_coupons: number;
    held_minor: string;
    products_for_sale: number;
  }>(sql`select
      (select count(*)::int from orders where shop_id = ${shop.shopId} and status <> 'pending' and status <> 'cancelled') as paid_orders,
      (select coalesce(sum(total_minor - refunded_minor), 0)::text from orders where shop_id = ${shop.shopId} and status <> 'pending' and status <> 'cancelled') as paid_minor,
      (select count(*)::int from coupons where owner_party_id = ${shop.partyId} and status in ('active', 'expired') and funded) as held_coupons,
      (select coalesce(sum(amount_minor), 0)::text from coupons where owner_party_id = ${shop.partyId} and status in ('active', 'expired') and funded) as held_minor,
      (select count(*)::int from products where shop_id = ${shop.shopId} and active) as products_for_sale`);
  return {
    paidOrders: row?.paid_orders ?? 0,
    paidMinor: BigInt(row?.paid_minor ?? "0"),
    heldCoupons: row?.held_coupons ?? 0,
    heldMinor: BigInt(row?.held_minor ?? "0"),
    productsForSale: row?.products_for_sale ?? 0,
  };
}
