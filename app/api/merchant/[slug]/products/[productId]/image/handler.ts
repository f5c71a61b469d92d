import { errorResponse } from "@/lib/auth/action-result";
import { authenticate } from "@/lib/auth/authed-action";
import type { RequestContext } from "@/lib/auth/request-context";
import { readLimitedBody } from "@/lib/http/read-body";
import { maxImageBytes, setProductImage } from "@/lib/shops/set-product-image";

/** Uploads (POST, the image bytes as the body) or removes (DELETE) a product's image; shop staff only. */
export async function runImageUpload(
  context: RequestContext,
  request: Request,
  params: { slug: string; productId: string },
) {
  try {
    const session = await authenticate(context);
    const bytes = request.method === "DELETE" ? null : await readLimitedBody(request, maxImageBytes);
    const result = await setProductImage(context.db, session.actor, { ...params, bytes });
    return Response.json({ data: result }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
