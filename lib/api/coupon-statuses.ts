import { couponStatus } from "@/db/schema/enums";

/** Coupon statuses, as the API reports them: the database's `coupon_status` values. */
export const couponStatuses = couponStatus.enumValues;
export type CouponStatus = (typeof couponStatuses)[number];
