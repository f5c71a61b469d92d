import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { products } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { isId } from "@/lib/ids";
import { getMemberShopOrThrow } from "./get-member-shop";

/**
 * Shop staff delete one of their shop's products: it leaves the shop and the catalogue at once, but its row stays
 * (marked deleted, never for sale again) because past orders' items name it, so every receipt keeps showing it.
 * Another shop's product, or one already deleted, is not found.
 */
export async function deleteProduct(
  db: DbOrTx,
  actor: Actor,
  input: { slug: string; productId: unknown },
): Promise<{ productId: string; name: string }> {
  const shop = await getMemberShopOrThrow(db, actor, { slug: input.slug, permission: "shop.products.write" });
  if (!isId("product", input.productId)) throw new AppError("NOT_FOUND", "No such product.");
  const [deleted] = await db
    .update(products)
    .set({ deletedAt: new Date(), active: false })
    .where(
      and(eq(products.id, input.productId), eq(products.shopId, shop.shopId), isNull(products.deletedAt)),
    )
    .returning({ id: products.id, name: products.name });
  if (!deleted) throw new AppError("NOT_FOUND", "No such product.");
  await recordAuditEvent(db, {
    action: "shop.product_deleted",
    actor,
    targetType: "product",
    targetId: deleted.id,
  });
  return { productId: deleted.id, name: deleted.name };
}
