import "server-only";
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { parties, shops } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { type Permission, permissions, requirePermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";

export interface MemberShop {
  shopId: string;
  partyId: string;
  name: string;
  slug: string;
  currency: string;
  role: "owner" | "staff";
}

/** The shop whose address is `slug` (any letter case), with its party's status, or undefined. */
export async function findShopBySlug(db: DbOrTx, slug: string) {
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
  return shop;
}

/**
 * The shop with this slug, for a person who holds `permission` on it. A shop the person does not belong to is
 * reported as not found (never "forbidden"), so slugs of other shops cannot be probed through the dashboard.
 */
export async function getMemberShopOrThrow(
  db: DbOrTx,
  actor: Actor,
  input: { slug: string; permission: Permission },
): Promise<MemberShop> {
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only a shop's members use its dashboard.");
  const slug = typeof input.slug === "string" ? input.slug.toLowerCase().slice(0, 40) : "";
  const shop = await findShopBySlug(db, slug);
  const role = shop ? actor.shopRoles?.[shop.shopId] : undefined;
  if (!shop || !role) throw new AppError("NOT_FOUND", "There is no such shop in your dashboard.");
  requirePermission(actor, input.permission, { shopId: shop.shopId });
  const { status: _status, ...found } = shop;
  return { ...found, role };
}

/**
 * The shop actor a member acts through: the shop's party, with the person recorded as the one acting and
 * exactly the shop permissions of their role as scopes (staff never gain owner permissions this way).
 */
export function memberShopActor(actor: Actor, shop: MemberShop): Extract<Actor, { kind: "shop" }> {
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only a shop's members act for it.");
  const role = actor.shopRoles?.[shop.shopId];
  if (!role) throw new AppError("NOT_FOUND", "There is no such shop in your dashboard.");
  const scopes = (Object.keys(permissions) as Permission[]).filter((permission) => {
    const holder = permissions[permission];
    return holder === "shop_staff" || (holder === "shop_owner" && role === "owner");
  });
  return { kind: "shop", shopId: shop.shopId, partyId: shop.partyId, userId: actor.userId, scopes };
}
