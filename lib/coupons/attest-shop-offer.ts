import { verify } from "node:crypto";
import type { DbOrTx } from "@/db/client";
import type { Operation } from "@/lib/auth/operations";
import { getSigningKey } from "@/lib/keys/get-signing-key";
import type { IssuerKeyLookup } from "@/lib/keys/key-ring";
import { signPayload } from "./coupon-token";
import { shopOfferPayload } from "./shop-offer-payload";

/**
 * A shop's signature on an offer it makes (a refund). A shop has no passkey of its own: the member who
 * confirmed the refund did so with their passkey (recorded beside it for audit), and the issuer's
 * owner-attestation key — the key that signs a shop's owner part — signs the exact offer on the shop's behalf,
 * so the coupon's history verifies whoever belongs to the shop later.
 */
export interface ShopOfferAttestation {
  kid: string;
  signature: string;
}

/** Signs the `transfer.offer` operation of an offer made by a shop. */
export async function attestShopOffer(db: DbOrTx, offer: Operation): Promise<ShopOfferAttestation> {
  const key = await getSigningKey(db, "owner_attestation");
  return { kid: key.kid, signature: signPayload(shopOfferPayload(key.kid, offer), key.privateKey) };
}

/** True when `attestation` is the issuer's valid signature over exactly `offer`. */
export function shopOfferAttestationValid(
  keys: IssuerKeyLookup,
  attestation: unknown,
  offer: Operation,
): boolean {
  const candidate = attestation as Partial<ShopOfferAttestation> | null;
  if (typeof candidate?.kid !== "string" || typeof candidate.signature !== "string") return false;
  const key = keys.get(candidate.kid);
  if (key?.purpose !== "owner_attestation") return false;
  return verify(
    null,
    Buffer.from(shopOfferPayload(candidate.kid, offer), "utf8"),
    key.key,
    Buffer.from(candidate.signature, "base64url"),
  );
}
