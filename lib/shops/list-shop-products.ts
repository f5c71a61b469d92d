import "server-only";
import { and, asc, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { listPage } from "@/db/list-page";
import { products } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import type { MemberShop } from "./get-member-shop";

export interface ShopProductDto {
  id: string;
  name: string;
  description: string;
  priceMinor: bigint;
  active: boolean;
  stock: number | null;
  imagePath: string | null;
}

/** A member's view of their shop's whole catalogue (for sale or not, deleted products left out). `shop` comes from getMemberShopOrThrow. */
export async function listShopProducts(
  db: DbOrTx,
  actor: Actor,
  shop: MemberShop,
): Promise<ShopProductDto[]> {
  requirePermission(actor, "shop.read", { shopId: shop.shopId });
  return listPage(db, products, ["id", "name", "description", "priceMinor", "active", "stock", "imagePath"], {
    where: and(eq(products.shopId, shop.shopId), isNull(products.deletedAt)),
    orderBy: [asc(products.createdAt), asc(products.id)],
    limit: 500,
  });
}
