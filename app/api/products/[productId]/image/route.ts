import { getDb } from "@/db/client";
import { serveProductImage } from "./handler";

/** A product's image for storefronts. */
export async function GET(request: Request, { params }: { params: Promise<{ productId: string }> }) {
  return serveProductImage(getDb(), request, (await params).productId);
}
