import { z } from "zod";
import { withSession } from "@/lib/auth/with-session";
import { plainText } from "@/lib/validation/text";
import { getCouponLiveStatus } from "@/lib/wallet/get-coupon-page";

/**
 * The small, pollable state of one coupon for the people it concerns (its giver watches an offer here every
 * couple of seconds); anyone else gets NOT_FOUND.
 */
export const POST = withSession(
  "coupons.hold",
  z.object({ couponId: plainText("a coupon id").min(1).max(80) }),
  async ({ db, actor, input }) => getCouponLiveStatus(db, actor, input),
);
