import type { DbOrTx, Tx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import type { Actor } from "@/lib/auth/actor";
import type { PasskeyAuthorization } from "@/lib/auth/passkey-authorization";
import { completeStepUpFor } from "@/lib/auth/require-step-up";
import { nextCouponStatus } from "@/lib/coupons/coupon-transitions";
import {
  assertNotExpired,
  assertOwner,
  assertVersion,
  type CouponRow,
  lockCouponOrThrow,
} from "@/lib/coupons/lock-coupon";
import { splitCoupon } from "@/lib/coupons/split-coupon";
import { AppError } from "@/lib/errors";
import { toAmountMinor } from "@/lib/money/money";
import { assertMayMoveOut } from "@/lib/parties/suspension";
import { givePartOperation } from "./give-part-operation";
import { assertRecipientActive } from "./offer-transfer";
import { type GiveTermsInput, giverTerms } from "./prepare-offer";
import { writeGiverOffer } from "./write-offer";

export interface GivePartResult {
  transferId: string;
  /** The new coupon of the given part, now offered. */
  giftCouponId: string;
  /** The new coupon of the rest, which stays with the giver. */
  restCouponId: string;
  giveMinor: bigint;
  restMinor: bigint;
  currency: string;
  recipientPartyId: string | null;
  expiresAt: Date;
}

/** The part to give: a positive amount of minor units in the coupon's currency, less than its whole value. */
export function checkPart(
  coupon: Pick<CouponRow, "amountMinor" | "currency">,
  giveMinor: unknown,
  currency: unknown,
) {
  const part = toAmountMinor(giveMinor);
  if (currency !== coupon.currency) {
    throw new AppError(
      "CURRENCY_MISMATCH",
      `This coupon is in ${coupon.currency}; give an amount in ${coupon.currency}.`,
    );
  }
  if (part > coupon.amountMinor) {
    throw new AppError("INVALID_AMOUNT", "You cannot give more than the coupon is worth.");
  }
  if (part === coupon.amountMinor) {
    throw new AppError("INVALID_AMOUNT", "That is the whole coupon; give the whole coupon instead.");
  }
  return part;
}

/** Refuses what the giver may not give: not theirs, not ready to use, another version, expired. */
export function assertGivable(coupon: CouponRow, input: { partyId: string; version: unknown; now: Date }) {
  assertOwner(coupon, input.partyId);
  nextCouponStatus(coupon.status, "split");
  assertVersion(coupon, input.version);
  assertNotExpired(coupon, input.now);
}

async function splitAndOffer(
  tx: Tx,
  actor: Extract<Actor, { kind: "user" }>,
  coupon: CouponRow,
  terms: {
    giveMinor: bigint;
    recipientPartyId: string | null;
    claimCodeHash: string | null;
    expiresAt: Date;
  },
  authorization: PasskeyAuthorization,
  now: Date,
) {
  const { children } = await splitCoupon(tx, actor, {
    couponId: coupon.id,
    version: coupon.version,
    amountsMinor: [terms.giveMinor, coupon.amountMinor - terms.giveMinor],
  });
  const [gift, rest] = children;
  if (!gift || !rest) throw new Error(`the split of ${coupon.id} did not make two coupons`);
  const { transferId } = await writeGiverOffer(tx, {
    coupon: await lockCouponOrThrow(tx, gift.id),
    giver: actor,
    terms,
    authorization,
    extra: { part: true },
    at: now,
  });
  return { transferId, giftCouponId: gift.id, restCouponId: rest.id };
}

/**
 * The owner gives part of a coupon: in one transaction the coupon is split into the part given and the rest
 * (which stays with them) and the part is offered to a party or as a claim link, under one passkey assertion
 * over `transfer.give_part` (coupon, version, currency, part, recipient or claim code, expiry). Only the owner,
 * only an active unexpired coupon at the version they saw, a part above zero and below its value.
 */
export async function givePart(
  db: DbOrTx,
  actor: Actor,
  input: GiveTermsInput & {
    couponId: string;
    version: number;
    giveMinor: unknown;
    currency: unknown;
  },
): Promise<GivePartResult> {
  const now = new Date();
  const { giver, terms } = giverTerms(actor, input, now);
  return inTransaction(db, async (tx) => {
    const coupon = await lockCouponOrThrow(tx, input.couponId);
    await assertMayMoveOut(tx, giver.partyId);
    assertGivable(coupon, { partyId: giver.partyId, version: input.version, now });
    const giveMinor = checkPart(coupon, input.giveMinor, input.currency);
    if (terms.recipientPartyId) await assertRecipientActive(tx, terms.recipientPartyId, coupon.currency);
    const authorization = await completeStepUpFor(tx, db, {
      actor: giver,
      operation: givePartOperation({
        couponId: coupon.id,
        version: coupon.version,
        currency: coupon.currency,
        giveMinor,
        ...terms,
      }),
      sent: input,
      outflow: { partyId: giver.partyId, currency: coupon.currency, amountMinor: giveMinor },
    });
    const made = await splitAndOffer(tx, giver, coupon, { giveMinor, ...terms }, authorization, now);
    return {
      ...made,
      giveMinor,
      restMinor: coupon.amountMinor - giveMinor,
      currency: coupon.currency,
      recipientPartyId: terms.recipientPartyId,
      expiresAt: terms.expiresAt,
    };
  });
}
