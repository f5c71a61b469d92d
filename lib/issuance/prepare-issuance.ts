import type { Actor } from "@/lib/auth/actor";
import type { Operation } from "@/lib/auth/operations";
import { requirePermission } from "@/lib/auth/permissions";
import { issueOperation } from "@/lib/coupons/operations";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import type { Currency } from "@/lib/money/currencies";
import { toEnabledCurrency } from "@/lib/money/enabled-currencies";
import { toAmountMinor } from "@/lib/money/money";

export const maxExpiresInDays = 366;

export interface IssuanceInput {
  amountMinor: bigint;
  currency: Currency;
  expiresInDays: number;
}

/** Validates what a person asks for: a positive bounded amount, an enabled currency (SCRIP_CURRENCIES), 1–366 days of validity. */
export function parseIssuanceInput(input: {
  amountMinor: unknown;
  currency: unknown;
  expiresInDays: unknown;
}): IssuanceInput {
  const days = input.expiresInDays;
  if (typeof days !== "number" || !Number.isSafeInteger(days) || days < 1 || days > maxExpiresInDays) {
    throw new AppError("VALIDATION_FAILED", `A coupon is valid for 1 to ${maxExpiresInDays} days.`);
  }
  return {
    amountMinor: toAmountMinor(input.amountMinor),
    currency: toEnabledCurrency(input.currency),
    expiresInDays: days,
  };
}

/**
 * Reserves a coupon id and returns the `coupon.issue` operation the requester's passkey must sign (pass it to
 * createStepUpOptions). It commits to the coupon id, the owner party and version 1, so the same assertion is
 * the coupon's first owner part.
 */
export function prepareIssuance(
  actor: Actor,
  input: { amountMinor: unknown; currency: unknown; expiresInDays: unknown },
): { couponId: string; operation: Operation } {
  requirePermission(actor, "coupons.issue");
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only a person can request coupons.");
  const parsed = parseIssuanceInput(input);
  const couponId = newId("coupon");
  return { couponId, operation: issueOperation({ couponId, partyId: actor.partyId, ...parsed }) };
}
