import { and, asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { products, shops } from "@/db/schema";

export interface StorefrontDto {
  name: string;
  slug: string;
  currency: string;
  products: {
    id: string;
    name: string;
    description: string;
    priceMinor: bigint;
    soldOut: boolean;
    /** Units left when the shop counts stock; null when unlimited. */
    stockLeft: number | null;
    imagePath: string | null;
  }[];
}

/** The public view of a shop by slug: its active products only. Null when no such shop exists. */
export async function getStorefront(db: DbOrTx, slug: string): Promise<StorefrontDto | null> {
  if (!/^[a-z0-9-]{3,40}$/.test(slug)) return null;
  const [shop] = await db
    .select({ id: shops.id, name: shops.name, slug: shops.slug, currency: shops.currency })
    .from(shops)
    .where(eq(sql`lower(${shops.slug})`, slug.toLowerCase()));
  if (!shop) return null;
  const rows = await db
    .select()
    .from(products)
    .where(and(eq(products.shopId, shop.id), eq(products.active, true)))
    .orderBy(asc(products.createdAt), asc(products.name))
    .limit(200);
  return {
    name: shop.name,
    slug: shop.slug,
    currency: shop.currency,
    products: rows.map((p) => ({
      id: p.id,
      name: p.name,
      description: p.description,
      priceMinor: p.priceMinor,
      soldOut: p.stock !== null && p.stock <= 0,
      stockLeft: p.stock,
      imagePath: p.imagePath,
    })),
  };
}
