import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { getIssuanceLimits } from "@/lib/issuance/issuance-limits";
import { readCredit } from "@/lib/issuance/read-credit-in-use";
import { getEnabledCurrencies } from "@/lib/money/enabled-currencies";

export interface CreditLeft {
  currency: string;
  limitMinor: bigint;
  leftMinor: bigint;
  couponMaximumMinor: bigint;
  approvalThresholdMinor: bigint;
}

/**
 * What a party may still request in each enabled currency: its credit limit in that currency less the credit
 * in use (the same sum requestIssuance enforces), plus the per-coupon maximum and the approval threshold. For
 * display only; the request itself is checked again under a lock.
 */
export async function getCreditLeft(
  db: DbOrTx,
  actor: Actor,
  input: { partyId?: string } = {},
): Promise<CreditLeft[]> {
  // A person reads their own credit; another party's (input.partyId) is for the back office only.
  const own = actor.kind === "user" ? actor.partyId : null;
  const partyId = input.partyId ?? own;
  if (partyId === own && partyId !== null) requirePermission(actor, "coupons.issue");
  else requirePermission(actor, "admin.read");
  if (!partyId) throw new AppError("NOT_FOUND", "There is no such party.");
  const currencies = getEnabledCurrencies();
  const credit = await readCredit(db, partyId, currencies);
  const limits = getIssuanceLimits();
  return currencies.map((currency) => {
    const { limitMinor, usedMinor } = credit.get(currency) ?? { limitMinor: 0n, usedMinor: 0n };
    const left = limitMinor - usedMinor;
    return {
      currency,
      limitMinor,
      leftMinor: left > 0n ? left : 0n,
      couponMaximumMinor: limits.couponMaximumMinor(currency),
      approvalThresholdMinor: limits.approvalThresholdMinor(currency),
    };
  });
}
