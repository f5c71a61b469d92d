import { AppError } from "@/lib/errors";
import type { PlannedCoupon } from "./checkout-operation";

/** At most this many coupons pay one checkout. */
export const maxCouponsPerPayment = 20;

/** What the plan needs to know about each chosen coupon (read, or locked, from the database). */
export interface CouponForPayment {
  id: string;
  ownerPartyId: string;
  status: string;
  currency: string;
  amountMinor: bigint;
  version: number;
  expiresAt: Date;
}

/**
 * Checks the shopper's chosen coupons against a total and returns the payment plan: every coupon must be the
 * payer's, ready to use (not pending in another transfer), unexpired and in the shop's currency; together they
 * must cover the total and each one must be needed. The last coupon pays only what is left (it is split and the
 * change stays with the payer). Errors name the coupon and the reason.
 */
export function planCouponPayment(input: {
  payerPartyId: string;
  currency: string;
  totalMinor: bigint;
  chosen: readonly (CouponForPayment | undefined)[];
  chosenIds: readonly string[];
  now: Date;
}): PlannedCoupon[] {
  const { chosen, chosenIds } = input;
  if (chosenIds.length === 0) throw new AppError("VALIDATION_FAILED", "Choose the coupons to pay with.");
  if (chosenIds.length > maxCouponsPerPayment) {
    throw new AppError("VALIDATION_FAILED", `Pay with at most ${maxCouponsPerPayment} coupons.`);
  }
  if (new Set(chosenIds).size !== chosenIds.length) {
    throw new AppError("VALIDATION_FAILED", "Each coupon can be chosen once.");
  }
  const plan: PlannedCoupon[] = [];
  let left = input.totalMinor;
  for (const [index, coupon] of chosen.entries()) {
    const label = `Coupon ${chosenIds[index]}`;
    if (!coupon || coupon.ownerPartyId !== input.payerPartyId) {
      throw new AppError("COUPON_NOT_YOURS", `${label} is not in your wallet.`);
    }
    if (coupon.status === "offered") {
      throw new AppError("COUPON_PENDING", `${label} is offered in another transfer; cancel that first.`);
    }
    if (coupon.status !== "active") {
      throw new AppError("COUPON_NOT_ACTIVE", `${label} cannot be spent (it is ${coupon.status}).`);
    }
    if (coupon.expiresAt <= input.now) throw new AppError("COUPON_EXPIRED", `${label} has expired.`);
    if (coupon.currency !== input.currency) {
      throw new AppError(
        "CURRENCY_MISMATCH",
        `${label} is in ${coupon.currency}; this shop takes ${input.currency}.`,
      );
    }
    if (left <= 0n) {
      throw new AppError("TOO_MANY_COUPONS", "The coupons before the last one already cover the total.");
    }
    const payMinor = coupon.amountMinor < left ? coupon.amountMinor : left;
    plan.push({ couponId: coupon.id, version: coupon.version, amountMinor: coupon.amountMinor, payMinor });
    left -= payMinor;
  }
  if (left > 0n) throw new AppError("INSUFFICIENT_COUPONS", "These coupons do not cover the total.");
  return plan;
}
