import { couponPageDto } from "@/lib/api/api-dtos";
import { apiOperations } from "@/lib/api/api-operations";
import { apiRoute } from "@/lib/api/api-route";
import { listReceivedCoupons } from "@/lib/shops/list-received-coupons";

/** GET: the coupons this shop holds, by cursor (scope read). */
export const GET = apiRoute(apiOperations.listCoupons, async ({ db, actor, shopId, query }) =>
  couponPageDto(
    await listReceivedCoupons(db, actor, {
      shopId,
      limit: query.limit,
      cursor: query.cursor,
      statuses: query.status ? [query.status] : undefined,
    }),
  ),
);
