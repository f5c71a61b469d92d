import "server-only";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { shops } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";

/** The shop an API key acts for, with the key's scopes ("who am I" of the REST API); needs `shop.read`. */
export async function getApiKeyShop(db: DbOrTx, input: { actor: Extract<Actor, { kind: "shop" }> }) {
  requirePermission(input.actor, "shop.read", { shopId: input.actor.shopId });
  const [shop] = await db
    .select({ id: shops.id, name: shops.name, slug: shops.slug, currency: shops.currency })
    .from(shops)
    .where(eq(shops.id, input.actor.shopId));
  if (!shop) throw new AppError("NOT_FOUND", "This shop no longer exists.");
  return { ...shop, scopes: [...(input.actor.scopes ?? [])] };
}
