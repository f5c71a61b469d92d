import { offerOperation } from "@/lib/coupons/operations";
import { shopOfferPayload } from "@/lib/coupons/shop-offer-payload";
import { fromBase64Url } from "@/lib/encoding/base64url";
import { issuerSignatureVerdict } from "./issuer-signature";
import type { TerminalIncomingOffer, TerminalJwk } from "./terminal-types";

/**
 * Whether a shop's offer (a refund) carries the issuer's signature over exactly this offer: the `transfer.offer`
 * operation rebuilt from the offer's coupon, version, recipient and end, signed with a published owner-attestation
 * key, as the server's history check requires (shopOfferAttestationValid). A shop's offers always name their
 * recipient, so there is no claim code hash to take on trust. Never throws.
 */
export async function shopOfferAttested(
  offer: TerminalIncomingOffer,
  jwks: { keys: TerminalJwk[] },
): Promise<boolean> {
  const attestation = offer.shopAttestation as
    | Partial<{ kid: unknown; signature: unknown }>
    | null
    | undefined;
  if (typeof attestation?.kid !== "string" || typeof attestation.signature !== "string") return false;
  const expiresAt = new Date(offer.expiresAt);
  const signature = fromBase64Url(attestation.signature);
  if (Number.isNaN(expiresAt.getTime()) || !signature) return false;
  const operation = offerOperation({
    couponId: offer.couponId,
    version: offer.couponVersion,
    recipientPartyId: offer.toPartyId,
    claimCodeHash: null,
    expiresAt,
  });
  const payload = new TextEncoder().encode(shopOfferPayload(attestation.kid, operation));
  const verdict = await issuerSignatureVerdict(
    jwks,
    attestation.kid,
    "owner_attestation",
    payload,
    signature,
  );
  return verdict === "ok";
}
