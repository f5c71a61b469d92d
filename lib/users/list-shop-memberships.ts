import "server-only";
import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { shopMembers, shops } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";

/** The shops the signed-in person belongs to, with their role in each (their own memberships only). */
export async function listShopMemberships(db: DbOrTx, input: { actor: Actor }) {
  const { actor } = input;
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only a person belongs to shops.");
  return db
    .select({ shopId: shops.id, name: shops.name, slug: shops.slug, role: shopMembers.role })
    .from(shopMembers)
    .innerJoin(shops, eq(shops.id, shopMembers.shopId))
    .where(eq(shopMembers.userId, actor.userId))
    .orderBy(asc(shops.name))
    .limit(100);
}
