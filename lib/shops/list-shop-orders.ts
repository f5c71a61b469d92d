import "server-only";
import { and, desc, eq, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { orders, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import type { MemberShop } from "./get-member-shop";

export const ordersPageSize = 50;

export interface ShopOrderRowDto {
  id: string;
  status: string;
  totalMinor: bigint;
  refundedMinor: bigint;
  currency: string;
  buyerHandle: string | null;
  createdAt: Date;
  paidAt: Date | null;
  items: number;
  coupons: number;
  /** Taken at the shop's till: the display name of the staff member who took it; null for other orders. */
  takenBy: string | null;
}

/** A shop's orders, newest first (those taken at the till with who took them), a page at a time (cursor: the last order's creation time). */
export async function listShopOrders(
  db: DbOrTx,
  actor: Actor,
  shop: MemberShop,
  input: { before?: Date | null } = {},
): Promise<{ orders: ShopOrderRowDto[]; nextBefore: Date | null }> {
  requirePermission(actor, "shop.orders.read", { shopId: shop.shopId });
  const before = input.before && !Number.isNaN(input.before.getTime()) ? input.before : null;
  const rows = await db
    .select({
      id: orders.id,
      status: orders.status,
      totalMinor: orders.totalMinor,
      refundedMinor: orders.refundedMinor,
      currency: orders.currency,
      buyerHandle: users.handle,
      createdAt: orders.createdAt,
      paidAt: orders.paidAt,
      items: sql<number>`(select coalesce(sum(quantity), 0)::int from order_items i where i.order_id = ${orders.id})`,
      coupons: sql<number>`(select count(*)::int from order_coupons c where c.order_id = ${orders.id} and c.kind = 'payment')`,
      takenBy: sql<string | null>`(select t.display_name from users t where t.id = ${orders.takenByUserId})`,
    })
    .from(orders)
    .leftJoin(users, eq(users.partyId, orders.buyerPartyId))
    .where(and(eq(orders.shopId, shop.shopId), before ? lt(orders.createdAt, before) : undefined))
    .orderBy(desc(orders.createdAt))
    .limit(ordersPageSize + 1);
  const page = rows.slice(0, ordersPageSize);
  return {
    orders: page,
    nextBefore: rows.length > ordersPageSize ? (page[page.length - 1]?.createdAt ?? null) : null,
  };
}
