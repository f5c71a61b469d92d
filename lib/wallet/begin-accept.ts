import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { beginStepUp } from "@/lib/auth/require-step-up";
import { acceptOperation } from "@/lib/coupons/operations";
import { AppError } from "@/lib/errors";
import { transferLookup } from "@/lib/transfers/accept-transfer";
import { findOfferForRecipientOrThrow } from "./find-offer";

/**
 * Step-up options for accepting an offer: the new owner's passkey signs (transfer, coupon, new owner, version
 * + 1). A claim code is counted against the claim-attempt limit here as well as on accept, so guessing codes
 * through this step is limited too.
 */
export async function beginAccept(
  db: DbOrTx,
  actor: Extract<Actor, { kind: "user" }>,
  input: { transferId?: string; claimCode?: string; ip: string | null },
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const lookup = await transferLookup(db, actor.partyId, input);
  const { transfer, coupon } = await findOfferForRecipientOrThrow(db, actor.partyId, lookup);
  if (transfer.fromPartyId === actor.partyId) {
    throw new AppError("NOT_RECIPIENT", "You cannot accept your own offer; cancel it instead.");
  }
  if (transfer.status !== "pending") {
    throw new AppError("TRANSFER_NOT_PENDING", "This offer is no longer open.");
  }
  const operation = acceptOperation({
    transferId: transfer.id,
    couponId: coupon.id,
    ownerPartyId: actor.partyId,
    version: coupon.version + 1,
  });
  return beginStepUp(db, { actor, operation, ip: input.ip });
}
