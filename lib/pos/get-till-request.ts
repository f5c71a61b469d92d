import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { orders, paymentRequestItems, paymentRequests, products, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import type { PaymentRequestState } from "@/lib/checkout/get-payment-request-for-payer";
import { AppError } from "@/lib/errors";
import { isId } from "@/lib/ids";

export interface TillRequestView {
  id: string;
  shortCode: string;
  state: PaymentRequestState;
  amountMinor: bigint;
  currency: string;
  expiresAt: Date;
  /** The person it is addressed to (the till scanned their coupon), by display name; null: whoever scans. */
  payerName: string | null;
  items: { productId: string; name: string; quantity: number; unitPriceMinor: bigint }[];
  /** When paid: the receipt the till shows. */
  receipt: { orderId: string; paidAt: Date; coupons: number; takenBy: string } | null;
}

/**
 * A till payment request as its shop's till follows it: its state (an open request past its expiry reads as
 * expired), what it is for, and once paid the receipt (when, how many coupons, who took it). Only the shop's
 * members with `shop.till` see it; another shop's request, or one made through the API, is not found.
 */
export async function getTillRequest(
  db: DbOrTx,
  actor: Actor,
  input: { shopId: string; paymentRequestId: unknown; now?: Date },
): Promise<TillRequestView> {
  requirePermission(actor, "shop.till", { shopId: input.shopId });
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only a shop's staff use its till.");
  if (!isId("paymentRequest", input.paymentRequestId)) {
    throw new AppError("NOT_FOUND", "No such payment at this till.");
  }
  const [row] = await db
    .select({
      id: paymentRequests.id,
      shortCode: paymentRequests.shortCode,
      status: paymentRequests.status,
      amountMinor: paymentRequests.amountMinor,
      currency: paymentRequests.currency,
      expiresAt: paymentRequests.expiresAt,
      payerName: sql<
        string | null
      >`(select u.display_name from users u where u.party_id = ${paymentRequests.payerPartyId})`,
      orderId: orders.id,
      paidAt: orders.paidAt,
      takenBy: users.displayName,
      coupons: sql<number>`(select count(*)::int from order_coupons c where c.order_id = ${orders.id} and c.kind = 'payment')`,
    })
    .from(paymentRequests)
    .leftJoin(orders, eq(orders.id, paymentRequests.orderId))
    .leftJoin(users, eq(users.id, paymentRequests.createdByUserId))
    .where(
      and(
        eq(paymentRequests.id, input.paymentRequestId),
        eq(paymentRequests.shopId, input.shopId),
        eq(paymentRequests.source, "till"),
      ),
    );
  if (!row || row.shortCode === null) throw new AppError("NOT_FOUND", "No such payment at this till.");
  const items = await db
    .select({
      productId: paymentRequestItems.productId,
      name: products.name,
      quantity: paymentRequestItems.quantity,
      unitPriceMinor: paymentRequestItems.unitPriceMinor,
    })
    .from(paymentRequestItems)
    .innerJoin(products, eq(products.id, paymentRequestItems.productId))
    .where(eq(paymentRequestItems.paymentRequestId, row.id))
    .orderBy(asc(products.name));
  const now = input.now ?? new Date();
  const state: PaymentRequestState = row.status === "open" && row.expiresAt <= now ? "expired" : row.status;
  return {
    id: row.id,
    shortCode: row.shortCode,
    state,
    amountMinor: row.amountMinor,
    currency: row.currency,
    expiresAt: row.expiresAt,
    payerName: row.payerName,
    items,
    receipt:
      state === "paid" && row.orderId && row.paidAt
        ? { orderId: row.orderId, paidAt: row.paidAt, coupons: row.coupons, takenBy: row.takenBy ?? "" }
        : null,
  };
}
