import { orderCoupons, orders } from "@/db/schema";

/** The columns of an order both its buyer's receipt and its shop's order page show. */
export const orderSummaryColumns = {
  id: orders.id,
  status: orders.status,
  totalMinor: orders.totalMinor,
  refundedMinor: orders.refundedMinor,
  currency: orders.currency,
  paidAt: orders.paidAt,
};

/** The columns of a coupon that paid an order (or was given back for it) that both views show. */
export const orderCouponColumns = {
  couponId: orderCoupons.couponId,
  kind: orderCoupons.kind,
  amountMinor: orderCoupons.amountMinor,
};
