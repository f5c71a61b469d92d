import "server-only";
import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { orderCoupons, orders, shops } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { isId } from "@/lib/ids";
import { listOrderLines } from "@/lib/orders/list-order-lines";
import { orderCouponColumns, orderSummaryColumns } from "@/lib/orders/order-columns";

/** The shopper's receipt for one of their own orders; anyone else's order is not found. */
export async function getBuyerOrderOrThrow(db: DbOrTx, actor: Actor, orderId: unknown) {
  if (actor.kind !== "user" || !isId("order", orderId)) throw new AppError("NOT_FOUND", "No such order.");
  const [order] = await db
    .select({
      ...orderSummaryColumns,
      shopName: shops.name,
      shopSlug: shops.slug,
    })
    .from(orders)
    .innerJoin(shops, eq(shops.id, orders.shopId))
    .where(and(eq(orders.id, orderId), eq(orders.buyerPartyId, actor.partyId)));
  if (!order) throw new AppError("NOT_FOUND", "No such order.");
  const lines = await listOrderLines(db, order.id);
  const paidWith = await db
    .select(orderCouponColumns)
    .from(orderCoupons)
    .where(eq(orderCoupons.orderId, order.id))
    .orderBy(asc(orderCoupons.createdAt));
  return { ...order, lines, paidWith };
}
