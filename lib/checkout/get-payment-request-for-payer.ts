import "server-only";
import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { paymentRequestItems, paymentRequests, products, shops } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { isId } from "@/lib/ids";

export type PaymentRequestState = "open" | "paid" | "expired" | "cancelled";

/**
 * What the hosted payment page shows a shopper: the shop, the amount, its state (an open request past its expiry
 * reads as expired) and where to return; for a till's request, the products it is for and the person it is
 * addressed to, if any (only they may pay it). The id is an unguessable capability; nothing about who paid is shown.
 */
export async function getPaymentRequestForPayer(db: DbOrTx, paymentRequestId: unknown) {
  if (!isId("paymentRequest", paymentRequestId)) throw new AppError("NOT_FOUND", "No such payment request.");
  const [row] = await db
    .select({
      id: paymentRequests.id,
      amountMinor: paymentRequests.amountMinor,
      currency: paymentRequests.currency,
      orderReference: paymentRequests.orderReference,
      returnUrl: paymentRequests.returnUrl,
      status: paymentRequests.status,
      expiresAt: paymentRequests.expiresAt,
      orderId: paymentRequests.orderId,
      source: paymentRequests.source,
      payerPartyId: paymentRequests.payerPartyId,
      createdByUserId: paymentRequests.createdByUserId,
      shopId: shops.id,
      shopPartyId: shops.partyId,
      shopName: shops.name,
      shopSlug: shops.slug,
    })
    .from(paymentRequests)
    .innerJoin(shops, eq(shops.id, paymentRequests.shopId))
    .where(eq(paymentRequests.id, paymentRequestId));
  if (!row) throw new AppError("NOT_FOUND", "No such payment request.");
  // Defence in depth: only ever send a shopper back to an http(s) address, whatever was stored.
  // A till's request has no return address: the wallet's orders show the receipt.
  let returnUrl = "/wallet/orders";
  try {
    if (row.returnUrl === null) throw new Error("no return address");
    const parsed = new URL(row.returnUrl);
    if (parsed.protocol === "https:" || parsed.protocol === "http:") returnUrl = parsed.toString();
  } catch {
    returnUrl = row.returnUrl === null ? "/wallet/orders" : "/";
  }
  const state: PaymentRequestState =
    row.status === "open" && row.expiresAt <= new Date() ? "expired" : row.status;
  const items = await db
    .select({
      productId: paymentRequestItems.productId,
      name: products.name,
      quantity: paymentRequestItems.quantity,
      unitPriceMinor: paymentRequestItems.unitPriceMinor,
      stock: products.stock,
    })
    .from(paymentRequestItems)
    .innerJoin(products, eq(products.id, paymentRequestItems.productId))
    .where(eq(paymentRequestItems.paymentRequestId, row.id))
    .orderBy(asc(paymentRequestItems.productId));
  return { ...row, returnUrl, state, items };
}
