import { openApiDocument } from "@/lib/api/openapi-document";
import { getRelyingParty } from "@/lib/auth/webauthn-config";

/** GET: the OpenAPI 3.1 document of REST API v1 (public). */
export function GET() {
  return Response.json(openApiDocument(getRelyingParty().origin), {
    headers: { "Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*" },
  });
}
