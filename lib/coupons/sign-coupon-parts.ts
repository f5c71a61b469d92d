import type { DbOrTx } from "@/db/client";
import { getSigningKey } from "@/lib/keys/get-signing-key";
import { ownerPayload, type ValuePart, valuePayload } from "./coupon-payloads";
import { signPayload } from "./coupon-token";

/**
 * The stored owner part of a coupon: the owner-attestation key's signature over (coupon, owner, version), and
 * what it rests on: the owner's own passkey assertion (recorded in the event that made them owner), the
 * issuer itself (shops), or the split of a parent the same owner held.
 */
export interface OwnerAttestation {
  kid: string;
  signature: string;
  basis: "passkey" | "issuer" | "split";
}

/** Signs the value part (id, amount, currency, issued, expires) with the active value key. */
export async function signValuePart(
  db: DbOrTx,
  part: Omit<ValuePart, "kid">,
): Promise<{ kid: string; signature: string }> {
  const key = await getSigningKey(db, "value");
  return { kid: key.kid, signature: signPayload(valuePayload({ ...part, kid: key.kid }), key.privateKey) };
}

/** Countersigns the owner binding (coupon, owner, version) with the active owner-attestation key. */
export async function attestOwner(
  db: DbOrTx,
  input: { couponId: string; ownerPartyId: string; version: number; basis: OwnerAttestation["basis"] },
): Promise<OwnerAttestation> {
  const key = await getSigningKey(db, "owner_attestation");
  const payload = ownerPayload({
    kid: key.kid,
    couponId: input.couponId,
    ownerPartyId: input.ownerPartyId,
    version: input.version,
  });
  return { kid: key.kid, signature: signPayload(payload, key.privateKey), basis: input.basis };
}
