import "server-only";
import { asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { shopMembers, shops } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";

/**
 * The shops the signed-in person belongs to, with their role in each (their own memberships only), and each
 * shop at a glance: its paid orders and the coupons it holds (received from shoppers, not yet converted).
 */
export async function listShopMemberships(db: DbOrTx, input: { actor: Actor }) {
  const { actor } = input;
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only a person belongs to shops.");
  return db
    .select({
      shopId: shops.id,
      name: shops.name,
      slug: shops.slug,
      role: shopMembers.role,
      paidOrders: sql<number>`(select count(*)::int from orders o
        where o.shop_id = ${shops.id} and o.status <> 'pending' and o.status <> 'cancelled')`,
      heldCoupons: sql<number>`(select count(*)::int from coupons c
        where c.owner_party_id = ${shops.partyId} and c.status in ('active', 'expired') and c.funded)`,
    })
    .from(shopMembers)
    .innerJoin(shops, eq(shops.id, shopMembers.shopId))
    .where(eq(shopMembers.userId, actor.userId))
    .orderBy(asc(shops.name))
    .limit(100);
}
