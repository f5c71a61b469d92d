import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { parties, shops } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { refuseIfSuspended } from "@/lib/parties/suspension";

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
  const [shop] = await db
    .select({
      shopId: shops.id,
      partyId: shops.partyId,
      name: shops.name,
      slug: shops.slug,
      currency: shops.currency,
      status: parties.status,
    })
    .from(shops)
    .innerJoin(parties, eq(parties.id, shops.partyId))
    .where(eq(sql`lower(${shops.slug})`, slug.toLowerCase()));
  if (!shop) throw new AppError("NOT_FOUND", "There is no such shop.");
  refuseIfSuspended(shop.status, "receive");
  const { status: _status, ...rest } = shop;
  return rest;
}
