import "server-only";
import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { listJoinedPage } from "@/db/list-page";
import { shopMembers, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import type { MemberShop } from "./get-member-shop";

/** The shop's members with their roles. */
export async function listShopMembers(db: DbOrTx, actor: Actor, shop: MemberShop) {
  requirePermission(actor, "shop.read", { shopId: shop.shopId });
  return listJoinedPage(
    db,
    {
      userId: users.id,
      handle: users.handle,
      displayName: users.displayName,
      role: shopMembers.role,
      since: shopMembers.createdAt,
    },
    {
      from: shopMembers,
      join: users,
      on: eq(users.id, shopMembers.userId),
      where: eq(shopMembers.shopId, shop.shopId),
      orderBy: [asc(users.handle)],
      limit: 100,
    },
  );
}
