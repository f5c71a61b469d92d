import type { DbOrTx } from "@/db/client";
import type { Operation } from "@/lib/auth/operations";
import type { CouponRow } from "@/lib/coupons/lock-coupon";
import { checkoutOperation, type PlannedCoupon, type PricedLine } from "./checkout-operation";
import { planCouponPayment } from "./plan-coupon-payment";
import { readPaymentCoupons } from "./read-payment-coupons";

/**
 * Reads (with `lock`: locks) the chosen coupons, plans how they pay `totalMinor` and builds the `checkout.pay`
 * operation the payer's passkey signs. Shared by storefront checkouts and payment requests, before the passkey
 * ceremony (to make the challenge) and inside the paying transaction (to check the assertion against it).
 */
export async function planCheckout(
  db: DbOrTx,
  input: {
    payerPartyId: string;
    shopPartyId: string;
    currency: string;
    reference: string;
    totalMinor: bigint;
    lines: PricedLine[];
    couponIds: unknown[];
    lock: boolean;
    now: Date;
  },
): Promise<{ plan: PlannedCoupon[]; operation: Operation; locked: Map<string, CouponRow> }> {
  const { ids, byId } = await readPaymentCoupons(db, input.couponIds, { lock: input.lock });
  const plan = planCouponPayment({
    payerPartyId: input.payerPartyId,
    currency: input.currency,
    totalMinor: input.totalMinor,
    chosen: ids.map((id) => byId.get(id)),
    chosenIds: ids,
    now: input.now,
  });
  const operation = checkoutOperation({
    payerPartyId: input.payerPartyId,
    shopPartyId: input.shopPartyId,
    reference: input.reference,
    currency: input.currency,
    totalMinor: input.totalMinor,
    lines: input.lines,
    coupons: plan,
  });
  return { plan, operation, locked: byId };
}
