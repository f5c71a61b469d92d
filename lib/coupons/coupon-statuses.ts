import { couponStatus } from "@/db/schema/enums";

/** Coupon statuses (DESIGN.md; each one is explained in db/schema/enums.ts): the database's `coupon_status` values. */
export const couponStatuses = couponStatus.enumValues;
export type CouponStatus = (typeof couponStatuses)[number];
