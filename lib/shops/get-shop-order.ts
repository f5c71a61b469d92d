import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { coupons, orderCoupons, orders, transfers, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { isId } from "@/lib/ids";
import { listOrderLines } from "@/lib/orders/list-order-lines";
import { orderCouponColumns, orderSummaryColumns } from "@/lib/orders/order-columns";
import type { MemberShop } from "./get-member-shop";

/** One order of the member's shop: who took it at the till (if it was), lines, the coupons that paid it and those given back, with their state now. */
export async function getShopOrderOrThrow(db: DbOrTx, actor: Actor, shop: MemberShop, orderId: unknown) {
  requirePermission(actor, "shop.orders.read", { shopId: shop.shopId });
  if (!isId("order", orderId)) throw new AppError("NOT_FOUND", "No such order.");
  const [order] = await db
    .select({
      ...orderSummaryColumns,
      createdAt: orders.createdAt,
      buyerHandle: users.handle,
      takenBy: sql<string | null>`(select t.display_name from users t where t.id = ${orders.takenByUserId})`,
    })
    .from(orders)
    .leftJoin(users, eq(users.partyId, orders.buyerPartyId))
    .where(and(eq(orders.id, orderId), eq(orders.shopId, shop.shopId)));
  if (!order) throw new AppError("NOT_FOUND", "No such order.");
  const lines = await listOrderLines(db, order.id);
  const couponRows = await db
    .select({
      ...orderCouponColumns,
      couponStatus: coupons.status,
      heldByShop: sql<boolean>`${coupons.ownerPartyId} = ${shop.partyId}`,
      transferStatus: transfers.status,
      createdAt: orderCoupons.createdAt,
    })
    .from(orderCoupons)
    .innerJoin(coupons, eq(coupons.id, orderCoupons.couponId))
    .innerJoin(transfers, eq(transfers.id, orderCoupons.transferId))
    .where(eq(orderCoupons.orderId, order.id))
    .orderBy(asc(orderCoupons.createdAt));
  return { ...order, lines, coupons: couponRows };
}
