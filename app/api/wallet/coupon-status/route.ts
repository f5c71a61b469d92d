import { z } from "zod";
import { withSession } from "@/lib/auth/with-session";
import { getCouponLiveStatus } from "@/lib/wallet/get-coupon-page";

/**
 * The small, pollable state of one coupon for the people it concerns (its giver watches an offer here every
 * couple of seconds); anyone else gets NOT_FOUND.
 */
export const POST = withSession(
  "coupons.hold",
  z.object({ couponId: z.string().min(1).max(80) }),
  async ({ db, actor, input }) => getCouponLiveStatus(db, actor.partyId, input.couponId),
);
