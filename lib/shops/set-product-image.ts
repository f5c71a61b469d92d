import "server-only";
import { createHash } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { productImages, products } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { isId } from "@/lib/ids";
import { getMemberShopOrThrow } from "./get-member-shop";

/** Images are at most 1 MB. */
export const maxImageBytes = 1024 * 1024;

/** The image type told by the file's first bytes (never by its name or the browser's claim), or null. */
export function sniffImageType(bytes: Buffer): string | null {
  if (
    bytes.length >= 8 &&
    bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  ) {
    return "image/png";
  }
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  if (
    bytes.length >= 12 &&
    bytes.toString("ascii", 0, 4) === "RIFF" &&
    bytes.toString("ascii", 8, 12) === "WEBP"
  ) {
    return "image/webp";
  }
  if (bytes.length >= 6 && /^GIF8[79]a$/.test(bytes.toString("ascii", 0, 6))) return "image/gif";
  return null;
}

/**
 * Shop staff set (or, with null, remove) a product's image: at most 1 MB, PNG, JPEG, WebP or GIF as told by its
 * content. Served from the database with its own content type and `nosniff`.
 */
export async function setProductImage(
  db: DbOrTx,
  actor: Actor,
  input: { slug: string; productId: unknown; bytes: Buffer | null },
): Promise<{ imagePath: string | null }> {
  const shop = await getMemberShopOrThrow(db, actor, { slug: input.slug, permission: "shop.products.write" });
  if (!isId("product", input.productId)) throw new AppError("NOT_FOUND", "No such product.");
  const productId = input.productId;
  const [product] = await db
    .select({ id: products.id })
    .from(products)
    .where(and(eq(products.id, productId), eq(products.shopId, shop.shopId), isNull(products.deletedAt)));
  if (!product) throw new AppError("NOT_FOUND", "No such product.");
  if (input.bytes === null) {
    await db.delete(productImages).where(eq(productImages.productId, productId));
    await db.update(products).set({ imagePath: null }).where(eq(products.id, productId));
    return { imagePath: null };
  }
  const { bytes } = input;
  if (bytes.length === 0) throw new AppError("VALIDATION_FAILED", "The image file is empty.");
  if (bytes.length > maxImageBytes) throw new AppError("PAYLOAD_TOO_LARGE", "Images can be at most 1 MB.");
  const contentType = sniffImageType(bytes);
  if (!contentType) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Use a PNG, JPEG, WebP or GIF image.");
  }
  const sha256 = createHash("sha256").update(bytes).digest("base64url");
  await db
    .insert(productImages)
    .values({ productId, contentType, bytes, sha256 })
    .onConflictDoUpdate({ target: productImages.productId, set: { contentType, bytes, sha256 } });
  const imagePath = `/api/products/${productId}/image?v=${sha256.slice(0, 12)}`;
  await db.update(products).set({ imagePath }).where(eq(products.id, productId));
  return { imagePath };
}
