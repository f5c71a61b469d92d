import { conversionDto } from "@/lib/api/api-dtos";
import { apiOperations } from "@/lib/api/api-operations";
import { apiRoute } from "@/lib/api/api-route";
import { convertShopCoupon } from "@/lib/coupons/convert-shop-coupon";

/** POST: convert a coupon this shop holds into money (scope conversions; Idempotency-Key honoured). */
export const POST = apiRoute(apiOperations.createConversion, async ({ db, actor, shopId, body }) =>
  conversionDto(await convertShopCoupon(db, actor, { shopId, ...body })),
);
