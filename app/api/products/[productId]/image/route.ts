import { getDb } from "@/db/client";
import { getProductImage } from "@/lib/shops/get-product-image";

/** A product's image for storefronts (products for sale only), served with its sniffed type and `nosniff`. */
export async function GET(request: Request, { params }: { params: Promise<{ productId: string }> }) {
  const image = await getProductImage(getDb(), (await params).productId);
  if (!image) return new Response("Not found", { status: 404 });
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
