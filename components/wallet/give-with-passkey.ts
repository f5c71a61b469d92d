// Browser-side: every way the wallet gives coupons (the give form, Give in person) asks for the same passkey-bound
// draft and sends it back signed. Imported only by client components.
import { giveCouponAction, giveOptionsAction } from "@/app/(wallet)/wallet/give-actions";
import { parseMoney } from "@/lib/money/money";
import { runStepUp } from "./run-step-up";

/**
 * The amount to give as typed, checked here first (the server checks again before any passkey prompt, including
 * that an amount above this coupon is within the sum of the person's coupons ready to use).
 */
export function partOf(
  amount: string,
  currency: string,
): { amountMinor: bigint; error?: undefined } | { error: string; amountMinor?: undefined } {
  try {
    return { amountMinor: parseMoney(amount.trim(), currency).amountMinor };
  } catch (error) {
    return { error: error instanceof Error ? error.message : "Enter the amount to give." };
  }
}

/**
 * Gives `amount` from `couponId` (whole, a part, or more from several coupons as one gift) to `recipientPartyId`
 * (null: a one-time claim link), open for `validitySeconds`: the server's checks and draft, the passkey ceremony
 * over exactly that draft, then the gift. Resolves to the draft (with the claim code, shown once) and the gift made.
 */
export function giveWithPasskey(input: {
  couponId: string;
  amount: string;
  currency: string;
  recipientPartyId: string | null;
  validitySeconds: number;
}) {
  return runStepUp(
    () =>
      giveOptionsAction({
        couponId: input.couponId,
        amount: input.amount.trim(),
        currency: input.currency,
        recipientPartyId: input.recipientPartyId,
        validitySeconds: input.validitySeconds,
      }),
    (draft, stepUp) =>
      giveCouponAction({
        couponId: draft.couponId,
        version: draft.version,
        whole: draft.whole,
        giveMinor: draft.giveMinor,
        currency: draft.currency,
        recipientPartyId: draft.recipientPartyId,
        expiresAt: draft.expiresAt,
        claimCodeHash: draft.claimCodeHash,
        group: draft.group,
        stepUp,
      }),
  );
}
