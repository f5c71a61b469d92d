import type { DbOrTx } from "@/db/client";
import { AppError } from "@/lib/errors";
import { refuseIfSuspended } from "@/lib/parties/suspension";
import { findShopBySlug } from "@/lib/shops/get-member-shop";

export interface CheckoutShop {
  shopId: string;
  partyId: string;
  name: string;
  slug: string;
  currency: string;
}

/** The shop a shopper pays, by slug; a suspended shop takes no payments (suspension freeze `receive`). */
export async function getShopForCheckoutOrThrow(db: DbOrTx, slug: unknown): Promise<CheckoutShop> {
  if (typeof slug !== "string" || !/^[a-z0-9-]{3,40}$/i.test(slug)) {
    throw new AppError("NOT_FOUND", "There is no such shop.");
  }
  const shop = await findShopBySlug(db, slug);
  if (!shop) throw new AppError("NOT_FOUND", "There is no such shop.");
  refuseIfSuspended(shop.status, "receive");
  const { status: _status, ...rest } = shop;
  return rest;
}
