import { transferPageDto } from "@/lib/api/api-dtos";
import { apiOperations } from "@/lib/api/api-operations";
import { apiRoute } from "@/lib/api/api-route";
import { listShopOffers } from "@/lib/shops/list-shop-offers";

/** GET: the coupons offered to this shop and waiting for its answer, by cursor (scope read). */
export const GET = apiRoute(apiOperations.listTransfers, async ({ db, actor, shopId, query }) =>
  transferPageDto(await listShopOffers(db, actor, { shopId, limit: query.limit, cursor: query.cursor })),
);
