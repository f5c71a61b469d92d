import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { products } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { isId, newId } from "@/lib/ids";
import { toAmountMinor } from "@/lib/money/money";
import { getMemberShopOrThrow } from "./get-member-shop";

/** Limits on a shop's catalogue. */
export const maxProductsPerShop = 500;
export const maxPriceMinor = 100_000_000n;
export const maxStock = 1_000_000;

export interface ProductInput {
  name: unknown;
  description: unknown;
  priceMinor: unknown;
  active: unknown;
  /** null: unlimited. */
  stock: unknown;
}

function parseProduct(input: ProductInput) {
  const name = typeof input.name === "string" ? input.name.trim() : "";
  if (name.length < 1 || name.length > 100) {
    throw new AppError("VALIDATION_FAILED", "Give the product a name of 1 to 100 characters.");
  }
  const description = typeof input.description === "string" ? input.description.trim() : "";
  if (description.length > 2000) {
    throw new AppError("VALIDATION_FAILED", "Keep the description under 2000 characters.");
  }
  const priceMinor = toAmountMinor(input.priceMinor);
  if (priceMinor > maxPriceMinor) throw new AppError("VALIDATION_FAILED", "That price is too high.");
  if (typeof input.active !== "boolean")
    throw new AppError("VALIDATION_FAILED", "Say whether it is for sale.");
  const stock = input.stock;
  if (
    stock !== null &&
    (typeof stock !== "number" || !Number.isInteger(stock) || stock < 0 || stock > maxStock)
  ) {
    throw new AppError("VALIDATION_FAILED", `Stock is a whole number from 0 to ${maxStock}, or unlimited.`);
  }
  return { name, description, priceMinor, active: input.active, stock: stock as number | null };
}

/**
 * Shop staff create a product, or update one of their shop's products (`productId`): name, description, price
 * in minor units, for-sale flag and optional stock count. Another shop's product, or a deleted one, is not found.
 */
export async function saveProduct(
  db: DbOrTx,
  actor: Actor,
  input: ProductInput & { slug: string; productId?: unknown },
): Promise<{ productId: string }> {
  const shop = await getMemberShopOrThrow(db, actor, { slug: input.slug, permission: "shop.products.write" });
  const values = parseProduct(input);
  if (input.productId === undefined || input.productId === null) {
    const [{ count }] = (await db
      .select({ count: sql<number>`count(*)::int` })
      .from(products)
      .where(and(eq(products.shopId, shop.shopId), isNull(products.deletedAt)))) as [{ count: number }];
    if (count >= maxProductsPerShop) {
      throw new AppError("LIMIT_EXCEEDED", `A shop has at most ${maxProductsPerShop} products.`);
    }
    const productId = newId("product");
    await db.insert(products).values({ id: productId, shopId: shop.shopId, ...values });
    await recordAuditEvent(db, {
      action: "shop.product_created",
      actor,
      targetType: "product",
      targetId: productId,
    });
    return { productId };
  }
  if (!isId("product", input.productId)) throw new AppError("NOT_FOUND", "No such product.");
  const updated = await db
    .update(products)
    .set(values)
    .where(
      and(eq(products.id, input.productId), eq(products.shopId, shop.shopId), isNull(products.deletedAt)),
    )
    .returning({ id: products.id });
  if (updated.length !== 1) throw new AppError("NOT_FOUND", "No such product.");
  return { productId: input.productId };
}
