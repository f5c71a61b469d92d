import "server-only";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import { orderItems, orders, paymentRequests } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { beginStepUp, completeStepUpFor } from "@/lib/auth/require-step-up";
import { AppError } from "@/lib/errors";
import { noteCheckout } from "@/lib/observability/work-context";
import { assertMayMoveOut, assertMayReceive } from "@/lib/parties/suspension";
import { enqueueWebhookEvent } from "@/lib/webhooks/enqueue-webhook-event";
import { paymentRequestReference } from "./checkout-operation";
import { takeStock } from "./complete-checkout";
import { getPaymentRequestForPayer } from "./get-payment-request-for-payer";
import { insertPendingOrder, payCouponsToShop } from "./pay-coupons-to-shop";
import { planCheckout } from "./plan-checkout";

type Request = Awaited<ReturnType<typeof getPaymentRequestForPayer>>;

function assertPayable(request: Request): void {
  if (request.state === "paid")
    throw new AppError("PAYMENT_REQUEST_CLOSED", "This payment request is already paid.");
  if (request.state === "expired")
    throw new AppError("PAYMENT_REQUEST_CLOSED", "This payment request has expired.");
  if (request.state === "cancelled") {
    throw new AppError("PAYMENT_REQUEST_CLOSED", "The shop cancelled this payment request.");
  }
}

/** A till's request addressed to one person (the till scanned their coupon): nobody else may pay it. */
function assertAddressedTo(request: Request, user: Extract<Actor, { kind: "user" }>): void {
  if (request.payerPartyId !== null && request.payerPartyId !== user.partyId) {
    throw new AppError("FORBIDDEN", "This payment is for someone else.");
  }
}

/** Where the payer goes once paid: the shop's return page (API), or their receipt in the wallet (till). */
function afterPaying(request: Request, orderId: string): string {
  return request.source === "till" ? `/wallet/orders/${orderId}` : request.returnUrl;
}

function userOf(actor: Actor): Extract<Actor, { kind: "user" }> {
  requirePermission(actor, "coupons.transfer");
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only a person pays a payment request.");
  return actor;
}

function planFor(
  db: DbOrTx,
  actor: Extract<Actor, { kind: "user" }>,
  request: Request,
  couponIds: unknown[],
  lock: boolean,
) {
  return planCheckout(db, {
    payerPartyId: actor.partyId,
    shopPartyId: request.shopPartyId,
    currency: request.currency,
    reference: paymentRequestReference(request.id),
    totalMinor: request.amountMinor,
    lines: request.items.map(({ productId, quantity, unitPriceMinor }) => ({
      productId,
      quantity,
      unitPriceMinor,
    })),
    couponIds,
    lock,
    now: new Date(),
  });
}

/** Step-up options for paying an open payment request with the chosen coupons (the same `checkout.pay` shape). */
export async function beginPaymentRequestPayment(
  db: DbOrTx,
  actor: Actor,
  input: { paymentRequestId: unknown; couponIds: unknown[]; ip: string | null },
): Promise<{ options: PublicKeyCredentialRequestOptionsJSON; changeMinor: bigint }> {
  const user = userOf(actor);
  const request = await getPaymentRequestForPayer(db, input.paymentRequestId);
  assertAddressedTo(request, user);
  assertPayable(request);
  await assertMayMoveOut(db, user.partyId);
  await assertMayReceive(db, request.shopPartyId);
  const { plan, operation } = await planFor(db, user, request, input.couponIds, false);
  const options = await beginStepUp(db, { actor, operation, ip: input.ip });
  const last = plan[plan.length - 1];
  return { options, changeMinor: last ? last.amountMinor - last.payMinor : 0n };
}

/**
 * Pays a shop's payment request (made through the API or at its till) with coupons, in one transaction or not at
 * all: the request is locked and must still be open (and, when addressed to one person, be paid by them), an order
 * records the payment (for a till: its products, their stock taken as at a storefront checkout, and the staff
 * member who took it), the coupons go to the shop as at a storefront checkout, and the request becomes paid with
 * the order, its `payment_request.paid` webhook written to the outbox in the same transaction. Paying a request
 * this shopper already paid answers with that payment again.
 */
export async function completePaymentRequestPayment(
  db: DbOrTx,
  actor: Actor,
  input: {
    paymentRequestId: unknown;
    couponIds: unknown[];
    authorization: unknown;
    ip: string | null;
  },
): Promise<{ orderId: string; returnUrl: string; alreadyPaid: boolean; source: "api" | "till" }> {
  const user = userOf(actor);
  const found = await getPaymentRequestForPayer(db, input.paymentRequestId);
  return inTransaction(db, async (tx) => {
    await tx
      .select({ id: paymentRequests.id })
      .from(paymentRequests)
      .where(eq(paymentRequests.id, found.id))
      .for("update");
    const request = await getPaymentRequestForPayer(tx, found.id);
    if (request.state === "paid" && request.orderId) {
      const [order] = await tx
        .select({ id: orders.id })
        .from(orders)
        .where(and(eq(orders.id, request.orderId), eq(orders.buyerPartyId, user.partyId)));
      if (order) {
        return {
          orderId: order.id,
          returnUrl: afterPaying(request, order.id),
          alreadyPaid: true,
          source: request.source,
        };
      }
    }
    assertAddressedTo(request, user);
    assertPayable(request);
    const now = new Date();
    await assertMayMoveOut(tx, user.partyId);
    await assertMayReceive(tx, request.shopPartyId);
    const { plan, operation, locked } = await planFor(tx, user, request, input.couponIds, true);
    const authorization = await completeStepUpFor(tx, db, {
      actor,
      operation,
      sent: input,
      outflow: { partyId: user.partyId, currency: request.currency, amountMinor: request.amountMinor },
    });
    const orderId = await insertPendingOrder(tx, {
      shopId: request.shopId,
      buyerPartyId: user.partyId,
      totalMinor: request.amountMinor,
      currency: request.currency,
      checkoutKey: `payment-request-${request.id}`,
    });
    if (request.items.length > 0) {
      await tx.insert(orderItems).values(
        request.items.map((item) => ({
          orderId,
          productId: item.productId,
          quantity: item.quantity,
          unitPriceMinor: item.unitPriceMinor,
        })),
      );
      await takeStock(tx, { lines: request.items, totalMinor: request.amountMinor });
    }
    await payCouponsToShop(tx, {
      payer: { partyId: user.partyId, userId: user.userId },
      shop: { shopId: request.shopId, partyId: request.shopPartyId },
      plan,
      locked,
      authorization,
      reference: paymentRequestReference(request.id),
      orderId,
      at: now,
    });
    await tx
      .update(orders)
      .set({ status: "paid", paidAt: now, takenByUserId: request.createdByUserId })
      .where(eq(orders.id, orderId));
    const paid = await tx
      .update(paymentRequests)
      .set({ status: "paid", orderId, paidAt: now })
      .where(and(eq(paymentRequests.id, request.id), eq(paymentRequests.status, "open")))
      .returning({ id: paymentRequests.id });
    if (paid.length !== 1)
      throw new AppError("PAYMENT_REQUEST_CLOSED", "This payment request is no longer open.");
    await enqueueWebhookEvent(tx, {
      shopId: request.shopId,
      type: "payment_request.paid",
      data: {
        paymentRequestId: request.id,
        orderReference: request.orderReference,
        amountMinor: request.amountMinor.toString(),
        currency: request.currency,
        paidAt: now.toISOString(),
      },
      at: now,
    });
    noteCheckout("payment_request", orderId);
    return { orderId, returnUrl: afterPaying(request, orderId), alreadyPaid: false, source: request.source };
  });
}
