import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import { parties, shops } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { completeStepUpFor } from "@/lib/auth/require-step-up";
import { nextCouponStatus } from "@/lib/coupons/coupon-transitions";
import { assertNotExpired, assertOwner, assertVersion, lockCouponOrThrow } from "@/lib/coupons/lock-coupon";
import { offerOperation } from "@/lib/coupons/operations";
import { AppError } from "@/lib/errors";
import { assertMayMoveOut, refuseIfSuspended } from "@/lib/parties/suspension";
import { type GiveTermsInput, giverTerms } from "./prepare-offer";
import { writeGiverOffer } from "./write-offer";

export interface OfferResult {
  transferId: string;
  couponId: string;
  version: number;
  recipientPartyId: string | null;
  expiresAt: Date;
}

/**
 * Refuses a recipient who does not exist (NOT_FOUND) or may not receive (suspended), and a shop that does not
 * sell in the gift's `currency` (a shop takes coupons only in its own currency).
 */
export async function assertRecipientActive(tx: DbOrTx, partyId: string, currency: string): Promise<void> {
  const [party] = await tx
    .select({ status: parties.status, shopName: shops.name, shopCurrency: shops.currency })
    .from(parties)
    .leftJoin(shops, eq(shops.partyId, parties.id))
    .where(eq(parties.id, partyId));
  if (!party) throw new AppError("NOT_FOUND", "There is nobody with that name to give the coupon to.");
  if (party.shopName === null) return refuseIfSuspended(party.status, "receive");
  if (party.status !== "active") {
    throw new AppError("ACCOUNT_SUSPENDED", `${party.shopName} is suspended and cannot take coupons now.`);
  }
  if (party.shopCurrency !== currency) {
    throw new AppError(
      "CURRENCY_MISMATCH",
      `${party.shopName} takes coupons in ${party.shopCurrency} only; this coupon is in ${currency}.`,
    );
  }
}

/**
 * The owner offers the coupon (phase one of a transfer): directed to a party, or open to whoever presents the
 * claim code. Only the owner, only an active unexpired coupon at the version they saw, at most one pending
 * offer, and only with a fresh passkey assertion committing to coupon, version, recipient and expiry.
 */
export async function offerTransfer(
  db: DbOrTx,
  actor: Actor,
  input: GiveTermsInput & {
    couponId: string;
    version: number;
  },
): Promise<OfferResult> {
  const now = new Date();
  const { giver, terms } = giverTerms(actor, input, now);
  return inTransaction(db, async (tx) => {
    const coupon = await lockCouponOrThrow(tx, input.couponId);
    await assertMayMoveOut(tx, giver.partyId);
    assertOwner(coupon, giver.partyId);
    nextCouponStatus(coupon.status, "offer");
    assertVersion(coupon, input.version);
    assertNotExpired(coupon, now);
    if (terms.recipientPartyId) await assertRecipientActive(tx, terms.recipientPartyId, coupon.currency);
    const authorization = await completeStepUpFor(tx, db, {
      actor: giver,
      operation: offerOperation({ couponId: coupon.id, version: coupon.version, ...terms }),
      sent: input,
      outflow: { partyId: giver.partyId, currency: coupon.currency, amountMinor: coupon.amountMinor },
    });
    const { transferId } = await writeGiverOffer(tx, { coupon, giver, terms, authorization, at: now });
    return { transferId, couponId: coupon.id, version: coupon.version, ...terms };
  });
}
