import { couponVerdictDto } from "@/lib/api/api-dtos";
import { apiOperations } from "@/lib/api/api-operations";
import { apiRoute } from "@/lib/api/api-route";
import { verifyCouponForShop } from "@/lib/coupons/verify-coupon-for-shop";

/** POST: verify a coupon token for this shop (scope read or payments). */
export const POST = apiRoute(apiOperations.verifyCoupon, async ({ db, actor, shopId, body }) =>
  couponVerdictDto(await verifyCouponForShop(db, actor, { shopId, token: body.token })),
);
