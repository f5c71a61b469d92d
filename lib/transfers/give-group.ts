import type { DbOrTx, Tx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import { transferGroups } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import type { PasskeyAuthorization } from "@/lib/auth/passkey-authorization";
import { completeStepUpFor } from "@/lib/auth/require-step-up";
import type { PlannedCoupon } from "@/lib/checkout/checkout-operation";
import { listSpendableCoupons } from "@/lib/checkout/list-spendable-coupons";
import { planCouponPayment } from "@/lib/checkout/plan-coupon-payment";
import { readPaymentCoupons } from "@/lib/checkout/read-payment-coupons";
import { suggestCoupons } from "@/lib/checkout/suggest-coupons";
import { type CouponRow, lockCouponOrThrow } from "@/lib/coupons/lock-coupon";
import { splitCoupon } from "@/lib/coupons/split-coupon";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { formatMoney, toAmountMinor } from "@/lib/money/money";
import { assertMayMoveOut } from "@/lib/parties/suspension";
import { giveGroupOperation } from "./gift-operations";
import { assertRecipientActive } from "./offer-transfer";
import { type GiveTermsInput, giverTerms } from "./prepare-offer";
import { writeGiverOffer } from "./write-offer";

export interface GiveGroupResult {
  groupId: string;
  transferIds: string[];
  /** The coupons offered (whole coupons, and the given part of a split one). */
  giftCouponIds: string[];
  /** The rest of the split coupon, which stays with the giver (null: no coupon was split). */
  restCouponId: string | null;
  giveMinor: bigint;
  currency: string;
  expiresAt: Date;
}

/**
 * The coupons the wallet picks to give `giveMinor` in `currency` from the giver's spendable coupons (the
 * checkout's suggestion: fewest coupons, least left over, the last one split). Refuses an amount above their sum.
 */
export async function pickGiftCoupons(
  db: DbOrTx,
  actor: Extract<Actor, { kind: "user" }>,
  input: { currency: string; giveMinor: bigint },
): Promise<string[]> {
  const spendable = await listSpendableCoupons(db, actor, input.currency);
  const sumMinor = spendable.reduce((sum, coupon) => sum + coupon.amountMinor, 0n);
  if (input.giveMinor > sumMinor) {
    throw new AppError(
      "INSUFFICIENT_COUPONS",
      `You can give at most ${formatMoney({ amountMinor: sumMinor, currency: input.currency })}: your coupons ready to use in ${input.currency} add up to that.`,
    );
  }
  return suggestCoupons(spendable, input.giveMinor);
}

/**
 * Reads (with `lock`: locks, in id order) the chosen coupons and plans the gift: each the giver's, ready to use,
 * unexpired, in the currency, all needed, the last one giving only what is left. Returns the plan and the rows.
 */
export async function planGift(
  db: DbOrTx,
  input: { giverPartyId: string; currency: string; giveMinor: bigint; couponIds: unknown[]; lock: boolean },
): Promise<{ plan: PlannedCoupon[]; locked: Map<string, CouponRow> }> {
  const { ids, byId } = await readPaymentCoupons(db, input.couponIds, { lock: input.lock });
  const plan = planCouponPayment({
    payerPartyId: input.giverPartyId,
    currency: input.currency,
    totalMinor: input.giveMinor,
    chosen: ids.map((id) => byId.get(id)),
    chosenIds: ids,
    now: new Date(),
  });
  return { plan, locked: byId };
}

async function offerPart(
  tx: Tx,
  giver: Extract<Actor, { kind: "user" }>,
  entry: PlannedCoupon,
  coupon: CouponRow,
): Promise<{ coupon: CouponRow; restCouponId: string | null }> {
  if (entry.payMinor === entry.amountMinor) return { coupon, restCouponId: null };
  const { children } = await splitCoupon(tx, giver, {
    couponId: coupon.id,
    version: coupon.version,
    amountsMinor: [entry.payMinor, entry.amountMinor - entry.payMinor],
  });
  const [gift, rest] = children;
  if (!gift || !rest) throw new Error(`the split of ${coupon.id} did not make two coupons`);
  return { coupon: await lockCouponOrThrow(tx, gift.id), restCouponId: rest.id };
}

/**
 * The owner gives an amount from several coupons as ONE gift: in one transaction the coupons are locked in id
 * order, at most the last is split (its rest stays with them) and every gift coupon is offered to a party or
 * under one claim code, as transfers of one group, under one passkey assertion over `transfer.give_group`.
 * Only coupons at the versions the giver saw; all or nothing.
 */
export async function giveGroup(
  db: DbOrTx,
  actor: Actor,
  input: GiveTermsInput & {
    couponIds: string[];
    versions: number[];
    giveMinor: unknown;
    currency: string;
  },
): Promise<GiveGroupResult> {
  const now = new Date();
  const { giver, terms } = giverTerms(actor, input, now);
  const giveMinor = toAmountMinor(input.giveMinor);
  if (input.versions.length !== input.couponIds.length) {
    throw new AppError("VALIDATION_FAILED", "Give each coupon's version.");
  }
  return inTransaction(db, async (tx) => {
    await assertMayMoveOut(tx, giver.partyId);
    if (terms.recipientPartyId) await assertRecipientActive(tx, terms.recipientPartyId, input.currency);
    const { plan, locked } = await planGift(tx, {
      giverPartyId: giver.partyId,
      currency: input.currency,
      giveMinor,
      couponIds: input.couponIds,
      lock: true,
    });
    if (plan.some((entry, index) => entry.version !== input.versions[index])) {
      throw new AppError("VERSION_CONFLICT", "Your coupons changed since you started; try again.");
    }
    const authorization: PasskeyAuthorization = await completeStepUpFor(tx, db, {
      actor: giver,
      operation: giveGroupOperation({
        giverPartyId: giver.partyId,
        currency: input.currency,
        giveMinor,
        coupons: plan,
        ...terms,
      }),
      sent: input,
      outflow: { partyId: giver.partyId, currency: input.currency, amountMinor: giveMinor },
    });
    const groupId = newId("transferGroup");
    await tx.insert(transferGroups).values({
      id: groupId,
      fromPartyId: giver.partyId,
      toPartyId: terms.recipientPartyId,
      claimCodeHash: terms.claimCodeHash,
      amountMinor: giveMinor,
      currency: input.currency,
      status: "pending",
      expiresAt: terms.expiresAt,
    });
    const result: GiveGroupResult = {
      groupId,
      transferIds: [],
      giftCouponIds: [],
      restCouponId: null,
      giveMinor,
      currency: input.currency,
      expiresAt: terms.expiresAt,
    };
    for (const entry of plan) {
      const part = await offerPart(tx, giver, entry, locked.get(entry.couponId) as CouponRow);
      const { transferId } = await writeGiverOffer(tx, {
        coupon: part.coupon,
        giver,
        terms,
        authorization,
        extra: { group: groupId },
        groupId,
        at: now,
      });
      result.transferIds.push(transferId);
      result.giftCouponIds.push(part.coupon.id);
      result.restCouponId ??= part.restCouponId;
    }
    return result;
  });
}
