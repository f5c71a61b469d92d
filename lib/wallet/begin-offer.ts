import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { beginStepUp } from "@/lib/auth/require-step-up";
import { AppError } from "@/lib/errors";
import { prepareOffer } from "@/lib/transfers/prepare-offer";
import { readOwnedCouponOrThrow } from "./read-owned-coupon";

/**
 * How long an offer may stay open, as the wallet offers it. The shortest adds a little slack to the core's
 * one-minute minimum, which is checked again when the signed offer arrives a few seconds later.
 */
export const offerValidityChoices = [
  { seconds: 75, label: "About a minute" },
  { seconds: 3_600, label: "1 hour" },
  { seconds: 86_400, label: "1 day" },
  { seconds: 7 * 86_400, label: "7 days" },
] as const;

export interface OfferDraft {
  options: PublicKeyCredentialRequestOptionsJSON;
  couponId: string;
  version: number;
  recipientPartyId: string | null;
  expiresAt: string;
  /** Only for an open offer: the one-time claim code, shown once to the giver and never stored. */
  claimCode: string | null;
  claimCodeHash: string | null;
}

/**
 * Step-up options for offering a coupon the actor holds: to a party (found by handle beforehand) or open with a
 * fresh one-time claim code. The `transfer.offer` operation is built here from the stored version.
 */
export async function beginOffer(
  db: DbOrTx,
  actor: Extract<Actor, { kind: "user" }>,
  input: { couponId: string; recipientPartyId: string | null; validitySeconds: number; ip: string | null },
): Promise<OfferDraft> {
  if (!offerValidityChoices.some((choice) => choice.seconds === input.validitySeconds)) {
    throw new AppError("VALIDATION_FAILED", "Choose how long the offer stays open.");
  }
  const coupon = await readOwnedCouponOrThrow(db, actor.partyId, input.couponId);
  if (coupon.status !== "active") {
    throw new AppError("COUPON_NOT_ACTIVE", "Only a coupon that is ready to use can be given.");
  }
  const expiresAt = new Date(Date.now() + input.validitySeconds * 1000);
  expiresAt.setMilliseconds(0);
  const { operation, claimCode, claimCodeHash } = prepareOffer({
    couponId: coupon.id,
    version: coupon.version,
    recipient: input.recipientPartyId ? { partyId: input.recipientPartyId } : { open: true },
    expiresAt,
  });
  const options = await beginStepUp(db, { actor, operation, ip: input.ip });
  return {
    options,
    couponId: coupon.id,
    version: coupon.version,
    recipientPartyId: input.recipientPartyId,
    expiresAt: expiresAt.toISOString(),
    claimCode,
    claimCodeHash,
  };
}
