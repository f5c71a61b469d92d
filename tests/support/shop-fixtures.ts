import type { DbOrTx } from "../../db/client";
import type { Actor } from "../../lib/auth/actor";
import { beginCheckout } from "../../lib/checkout/begin-checkout";
import { completeCheckout } from "../../lib/checkout/complete-checkout";
import { newId } from "../../lib/ids";
import { createShop } from "../../lib/shops/create-shop";
import { saveProduct } from "../../lib/shops/save-product";
import { actorOf } from "./coupon-fixtures";
import type { TestUser } from "./identity";

/** The actor of a person who belongs to `shops` with these roles (as a session would build it). */
export function memberActor(user: TestUser, shops: Record<string, "owner" | "staff">): Actor {
  return { ...(actorOf(user) as Extract<Actor, { kind: "user" }>), shopRoles: shops };
}

let shopCounter = 0;

/** A shop created the real way by `owner`, with one product per price given (stock per product optional). */
export async function createShopWithProducts(
  db: DbOrTx,
  owner: TestUser,
  productsToMake: { priceMinor: bigint; stock?: number | null; name?: string }[],
  options: { currency?: string } = {},
) {
  shopCounter += 1;
  const slug = `shop-${process.pid}-${shopCounter}-${Math.floor(Math.random() * 1e6)}`.slice(0, 40);
  const { shopId } = await createShop(db, actorOf(owner), {
    name: `Test shop ${shopCounter}`,
    slug,
    currency: options.currency ?? "EUR",
  });
  const ownerActor = memberActor(owner, { [shopId]: "owner" });
  const productIds: string[] = [];
  for (const [index, product] of productsToMake.entries()) {
    const { productId } = await saveProduct(db, ownerActor, {
      slug,
      name: product.name ?? `Product ${index + 1}`,
      description: "",
      priceMinor: product.priceMinor,
      active: true,
      stock: product.stock ?? null,
    });
    productIds.push(productId);
  }
  return { shopId, slug, ownerActor, productIds };
}

export const newCheckoutKey = () => newId("order").slice(4);

/** A shopper's whole storefront checkout: step-up options, one passkey assertion, and the payment. */
export async function checkoutWith(
  db: DbOrTx,
  shopper: TestUser,
  input: {
    slug: string;
    lines: { productId: string; quantity: number }[];
    couponIds: string[];
    checkoutKey?: string;
  },
) {
  const checkoutKey = input.checkoutKey ?? newCheckoutKey();
  const prepared = await prepareCheckout(db, shopper, { ...input, checkoutKey });
  return completeCheckout(db, actorOf(shopper), { ...prepared.input, authorization: prepared.authorization });
}

/** Begins a checkout and signs it, without completing it (for racing completions). */
export async function prepareCheckout(
  db: DbOrTx,
  shopper: TestUser,
  input: {
    slug: string;
    lines: { productId: string; quantity: number }[];
    couponIds: string[];
    checkoutKey: string;
  },
) {
  const draft = await beginCheckout(db, actorOf(shopper), { ...input, ip: null });
  const authorization = await shopper.authenticator.createAssertion(draft.options.challenge);
  return {
    draft,
    authorization,
    input: { ...input, expectedTotalMinor: draft.totalMinor, ip: null },
  };
}
