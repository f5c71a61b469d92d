import { canonicalJson } from "@/lib/auth/canonical-json";
import type { Operation } from "@/lib/auth/operations";

/**
 * The exact bytes the issuer signs for an offer a shop makes (attest-shop-offer.ts), free of Node APIs so the
 * wallet terminal rebuilds them in the browser to check a shop's refund offer itself.
 */
export function shopOfferPayload(kid: string, offer: Operation): string {
  return canonicalJson({ purpose: "scrip.shop-offer.v1", kid, offer });
}
