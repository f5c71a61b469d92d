import type { Operation } from "@/lib/auth/operations";
import type { PlannedCoupon } from "@/lib/checkout/checkout-operation";

/**
 * The `order.refund` operation a shop owner's passkey signs: the order, the shopper it goes back to, the amount,
 * the shop's coupons given back (the last one possibly split) and the value of a new coupon the shop issues and
 * funds itself when its received coupons no longer cover the refund (they were converted or expired).
 */
export function refundOperation(input: {
  orderId: string;
  shopPartyId: string;
  toPartyId: string;
  currency: string;
  amountMinor: bigint;
  coupons: PlannedCoupon[];
  newCouponMinor: bigint;
}): Operation {
  return {
    type: "order.refund",
    orderId: input.orderId,
    shop: input.shopPartyId,
    to: input.toPartyId,
    currency: input.currency,
    amountMinor: input.amountMinor.toString(),
    coupons: input.coupons.map((coupon) => ({
      couponId: coupon.couponId,
      version: coupon.version,
      amountMinor: coupon.amountMinor.toString(),
      payMinor: coupon.payMinor.toString(),
    })),
    newCouponMinor: input.newCouponMinor.toString(),
  };
}
