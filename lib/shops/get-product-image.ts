import "server-only";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { productImages, products } from "@/db/schema";
import { isId } from "@/lib/ids";

/** A product's image for the storefront (public: only of products for sale), or null. */
export async function getProductImage(
  db: DbOrTx,
  productId: unknown,
): Promise<{ contentType: string; bytes: Buffer; sha256: string } | null> {
  if (!isId("product", productId)) return null;
  const [image] = await db
    .select({
      contentType: productImages.contentType,
      bytes: productImages.bytes,
      sha256: productImages.sha256,
    })
    .from(productImages)
    .innerJoin(products, eq(products.id, productImages.productId))
    .where(and(eq(productImages.productId, productId), eq(products.active, true)));
  return image ?? null;
}
