import type { DbOrTx } from "@/db/client";
import { getProductImage } from "@/lib/shops/get-product-image";

/** Serves a product's image (products for sale only) with its sniffed type, `nosniff` and a strict CSP. */
export async function serveProductImage(db: DbOrTx, request: Request, productId: string): Promise<Response> {
  const image = await getProductImage(db, productId);
  if (!image)
    return Response.json({ error: { code: "NOT_FOUND", message: "No such image." } }, { status: 404 });
  const etag = `"${image.sha256}"`;
  const headers = {
    "Content-Type": image.contentType,
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'",
    "Cache-Control": "public, max-age=300",
    ETag: etag,
  };
  if (request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  return new Response(new Uint8Array(image.bytes), { headers });
}
