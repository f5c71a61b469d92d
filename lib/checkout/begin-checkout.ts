import "server-only";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { beginStepUp } from "@/lib/auth/require-step-up";
import { AppError } from "@/lib/errors";
import { assertMayMoveOut } from "@/lib/parties/suspension";
import { orderReference } from "./checkout-operation";
import { getShopForCheckoutOrThrow } from "./get-shop-for-checkout";
import { planCheckout } from "./plan-checkout";
import { priceCart } from "./price-cart";

/** What a shopper sends to pay a cart: the shop, the checkout's key, the lines and the coupons to pay with. */
export interface CheckoutInput {
  slug: string;
  checkoutKey: string;
  lines: { productId: unknown; quantity: unknown }[];
  couponIds: unknown[];
  ip: string | null;
}

export interface CheckoutDraft {
  options: PublicKeyCredentialRequestOptionsJSON;
  totalMinor: bigint;
  currency: string;
  /** What stays with the shopper as a new coupon when the last coupon is split. */
  changeMinor: bigint;
}

const checkoutKeyPattern = /^[A-Za-z0-9_-]{16,64}$/;

/** Refuses a checkout key that is not a long random token made by the browser for one checkout. */
export function parseCheckoutKey(value: unknown): string {
  if (typeof value !== "string" || !checkoutKeyPattern.test(value)) {
    throw new AppError("VALIDATION_FAILED", "This checkout is malformed; reload the page.");
  }
  return value;
}

/** Both halves of a checkout start here: a person allowed to pay, the checkout's key, and the shop paid. */
export async function openCheckout(db: DbOrTx, actor: Actor, input: { slug: string; checkoutKey: string }) {
  requirePermission(actor, "coupons.transfer");
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only a person pays at a shop.");
  const checkoutKey = parseCheckoutKey(input.checkoutKey);
  return { user: actor, checkoutKey, shop: await getShopForCheckoutOrThrow(db, input.slug) };
}

/**
 * Step-up options for paying a storefront cart with the chosen coupons: prices the cart, checks the coupons
 * (the shopper's, ready, unexpired, in the shop's currency, covering the total, each needed) and commits the
 * passkey challenge to the exact `checkout.pay` operation.
 */
export async function beginCheckout(db: DbOrTx, actor: Actor, input: CheckoutInput): Promise<CheckoutDraft> {
  const { user, checkoutKey, shop } = await openCheckout(db, actor, input);
  await assertMayMoveOut(db, user.partyId);
  const cart = await priceCart(db, { shopId: shop.shopId, lines: input.lines });
  const { plan, operation } = await planCheckout(db, {
    payerPartyId: user.partyId,
    shopPartyId: shop.partyId,
    currency: shop.currency,
    reference: orderReference(checkoutKey),
    totalMinor: cart.totalMinor,
    lines: cart.lines,
    couponIds: input.couponIds,
    lock: false,
    now: new Date(),
  });
  const options = await beginStepUp(db, { actor, operation, ip: input.ip });
  const last = plan[plan.length - 1];
  return {
    options,
    totalMinor: cart.totalMinor,
    currency: shop.currency,
    changeMinor: last ? last.amountMinor - last.payMinor : 0n,
  };
}
