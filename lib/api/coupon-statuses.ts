/** Coupon statuses, as the API reports them (db/schema/enums.ts `coupon_status`). */
export const couponStatuses = [
  "active",
  "offered",
  "split",
  "converted",
  "expired",
  "void",
  "revoked",
] as const;
export type CouponStatus = (typeof couponStatuses)[number];
