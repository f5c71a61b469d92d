import type { Actor } from "@/lib/auth/actor";
import type { Operation } from "@/lib/auth/operations";
import { requirePermission } from "@/lib/auth/permissions";
import { offerOperation } from "@/lib/coupons/operations";
import { AppError } from "@/lib/errors";
import { isId } from "@/lib/ids";
import { hashClaimCode, isClaimCodeHash, newClaimCode } from "./claim-code";

export type OfferRecipient = { partyId: string } | { open: true };

/** Offers last at least a minute and at most 30 days. */
export const maxOfferSeconds = 30 * 86_400;
const minOfferSeconds = 60;

/** What every way of giving is sent besides its coupons: the recipient and expiry the giver's passkey signed. */
export interface GiveTermsInput {
  recipient: unknown;
  expiresAt: Date;
  authorization: unknown;
  claimCodeHash?: string | null;
  ip?: string | null;
}

/**
 * The start every way of giving shares: the giver must be a person holding `coupons.transfer`, and the offer's
 * recipient and expiry must be valid (parseOfferTerms). Returns the giver (a person) and the terms.
 */
export function giverTerms(
  actor: Actor,
  input: { recipient: unknown; expiresAt: unknown; claimCodeHash?: unknown },
  now: Date,
): { giver: Extract<Actor, { kind: "user" }>; terms: ReturnType<typeof parseOfferTerms> } {
  requirePermission(actor, "coupons.transfer");
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only a person can give coupons here.");
  return { giver: actor, terms: parseOfferTerms(input, actor.partyId, now) };
}

/** Validates an offer's recipient and expiry; returns the recipient party (null: open) and the expiry. */
export function parseOfferTerms(
  input: { recipient: unknown; expiresAt: unknown; claimCodeHash?: unknown },
  fromPartyId: string,
  now: Date,
): { recipientPartyId: string | null; claimCodeHash: string | null; expiresAt: Date } {
  const expiresAt = input.expiresAt;
  if (!(expiresAt instanceof Date) || Number.isNaN(expiresAt.getTime())) {
    throw new AppError("VALIDATION_FAILED", "Give the offer an expiry time.");
  }
  const seconds = (expiresAt.getTime() - now.getTime()) / 1000;
  if (seconds < minOfferSeconds || seconds > maxOfferSeconds) {
    throw new AppError("VALIDATION_FAILED", "An offer must stay open between one minute and 30 days.");
  }
  const recipient = input.recipient as { partyId?: unknown; open?: unknown } | null;
  if (recipient?.open === true) {
    if (!isClaimCodeHash(input.claimCodeHash)) {
      throw new AppError("VALIDATION_FAILED", "An open offer needs the claim code made by prepareOffer.");
    }
    return { recipientPartyId: null, claimCodeHash: input.claimCodeHash, expiresAt };
  }
  if (!isId("party", recipient?.partyId))
    throw new AppError("VALIDATION_FAILED", "Choose who gets the coupon.");
  if (recipient.partyId === fromPartyId) {
    throw new AppError("VALIDATION_FAILED", "You already own this coupon.");
  }
  return { recipientPartyId: recipient.partyId, claimCodeHash: null, expiresAt };
}

/**
 * Builds the `transfer.offer` operation the owner's passkey must sign. For an open offer it also makes the
 * one-time claim code (returned once, to be shared as a link or QR code) and commits the operation to its hash.
 */
export function prepareOffer(input: {
  couponId: string;
  version: number;
  recipient: OfferRecipient;
  expiresAt: Date;
}): { operation: Operation; claimCode: string | null; claimCodeHash: string | null } {
  const open = "open" in input.recipient;
  const claimCode = open ? newClaimCode() : null;
  const claimCodeHash = claimCode ? hashClaimCode(claimCode) : null;
  const operation = offerOperation({
    couponId: input.couponId,
    version: input.version,
    recipientPartyId: "partyId" in input.recipient ? input.recipient.partyId : null,
    claimCodeHash,
    expiresAt: input.expiresAt,
  });
  return { operation, claimCode, claimCodeHash };
}
