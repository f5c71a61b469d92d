import { getDb } from "@/db/client";
import { toErrorBody } from "@/lib/errors";
import { getJwks } from "@/lib/keys/get-jwks";

export const dynamic = "force-dynamic";

/** Publishes the issuer's Ed25519 public keys so anyone can verify coupon tokens offline. */
export async function GET(): Promise<Response> {
  try {
    const jwks = await getJwks(getDb());
    // Short-lived: a rotated key must reach verifiers quickly (they should also refetch on an unknown kid).
    return Response.json(jwks, {
      headers: { "Cache-Control": "public, max-age=30" },
    });
  } catch (error) {
    const { status, body } = toErrorBody(error);
    return Response.json(body, { status });
  }
}
