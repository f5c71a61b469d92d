import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx, Tx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import { uniqueViolationOf } from "@/db/postgres-errors";
import { orderItems, orders, products } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { completeStepUpFor } from "@/lib/auth/require-step-up";
import { AppError } from "@/lib/errors";
import { noteCheckout } from "@/lib/observability/work-context";
import { assertMayMoveOut, assertMayReceive } from "@/lib/parties/suspension";
import { type CheckoutInput, openCheckout } from "./begin-checkout";
import { orderReference } from "./checkout-operation";
import { insertPendingOrder, payCouponsToShop } from "./pay-coupons-to-shop";
import { planCheckout } from "./plan-checkout";
import { type PricedCart, priceCart } from "./price-cart";

export interface CheckoutResult {
  orderId: string;
  totalMinor: bigint;
  currency: string;
  changeCouponIds: string[];
  /** True when this checkout had already been paid (the same checkout submitted again). */
  alreadyPaid: boolean;
}

/** Takes the stock of every line with a stock count; a line short of stock refuses the whole checkout. */
export async function takeStock(tx: Tx, cart: PricedCart): Promise<void> {
  for (const line of cart.lines) {
    if (line.stock === null) continue;
    const taken = await tx
      .update(products)
      .set({ stock: sql`${products.stock} - ${line.quantity}` })
      .where(and(eq(products.id, line.productId), sql`${products.stock} >= ${line.quantity}`))
      .returning({ id: products.id });
    if (taken.length !== 1) {
      throw new AppError("OUT_OF_STOCK", `${line.name} sold out while you were paying; nothing was charged.`);
    }
  }
}

async function existingCheckout(
  db: DbOrTx,
  buyerPartyId: string,
  checkoutKey: string,
): Promise<CheckoutResult | null> {
  const [order] = await db
    .select({
      id: orders.id,
      status: orders.status,
      totalMinor: orders.totalMinor,
      currency: orders.currency,
    })
    .from(orders)
    .where(and(eq(orders.buyerPartyId, buyerPartyId), eq(orders.checkoutKey, checkoutKey)));
  if (!order || order.status === "pending" || order.status === "cancelled") return null;
  return {
    orderId: order.id,
    totalMinor: order.totalMinor,
    currency: order.currency,
    changeCouponIds: [],
    alreadyPaid: true,
  };
}

/**
 * Pays a storefront cart with coupons in one transaction, or not at all: the order (unique per shopper and
 * checkout key, so a checkout submitted twice pays once), its lines and their stock (never oversold), the one
 * passkey assertion over the exact `checkout.pay` operation, the coupons' owner changes to the shop (with the
 * split and change of the last coupon), and the order marked paid.
 */
export async function completeCheckout(
  db: DbOrTx,
  actor: Actor,
  input: CheckoutInput & { expectedTotalMinor: bigint; authorization: unknown },
): Promise<CheckoutResult> {
  const { user, checkoutKey, shop } = await openCheckout(db, actor, input);
  const payer = { partyId: user.partyId, userId: user.userId };
  const done = await existingCheckout(db, payer.partyId, checkoutKey);
  if (done) return done;
  try {
    return await inTransaction(db, async (tx) => {
      const now = new Date();
      await assertMayMoveOut(tx, payer.partyId);
      await assertMayReceive(tx, shop.partyId);
      const cart = await priceCart(tx, { shopId: shop.shopId, lines: input.lines });
      if (cart.totalMinor !== input.expectedTotalMinor) {
        throw new AppError("PRICE_CHANGED", "Prices changed since you started paying; check the new total.");
      }
      // The order row comes first: a second submission of this checkout waits here for the first to finish.
      const orderId = await insertPendingOrder(tx, {
        shopId: shop.shopId,
        buyerPartyId: payer.partyId,
        totalMinor: cart.totalMinor,
        currency: shop.currency,
        checkoutKey,
      });
      await tx.insert(orderItems).values(
        cart.lines.map((line) => ({
          orderId,
          productId: line.productId,
          quantity: line.quantity,
          unitPriceMinor: line.unitPriceMinor,
        })),
      );
      await takeStock(tx, cart);
      const reference = orderReference(checkoutKey);
      const { plan, operation, locked } = await planCheckout(tx, {
        payerPartyId: payer.partyId,
        shopPartyId: shop.partyId,
        currency: shop.currency,
        reference,
        totalMinor: cart.totalMinor,
        lines: cart.lines,
        couponIds: input.couponIds,
        lock: true,
        now,
      });
      const authorization = await completeStepUpFor(tx, db, {
        actor,
        operation,
        sent: input,
        outflow: { partyId: payer.partyId, currency: shop.currency, amountMinor: cart.totalMinor },
      });
      const paid = await payCouponsToShop(tx, {
        payer,
        shop,
        plan,
        locked,
        authorization,
        reference,
        orderId,
        at: now,
      });
      await tx
        .update(orders)
        .set({ status: "paid", paidAt: now })
        .where(and(eq(orders.id, orderId), eq(orders.status, "pending")));
      noteCheckout("storefront", orderId);
      return {
        orderId,
        totalMinor: cart.totalMinor,
        currency: shop.currency,
        changeCouponIds: paid.flatMap((coupon) => (coupon.changeCouponId ? [coupon.changeCouponId] : [])),
        alreadyPaid: false,
      };
    });
  } catch (error) {
    if (uniqueViolationOf(error) === "orders_checkout_key_unique") {
      const first = await existingCheckout(db, payer.partyId, checkoutKey);
      if (first) return first;
      throw new AppError("CONCURRENT_REQUEST", "This checkout is already being paid; wait a moment.");
    }
    throw error;
  }
}
