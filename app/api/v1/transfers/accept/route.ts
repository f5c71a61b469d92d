import { acceptTransfersDto } from "@/lib/api/api-dtos";
import { apiOperations } from "@/lib/api/api-operations";
import { apiRoute } from "@/lib/api/api-route";
import { acceptShopOffers, type ShopOffersProgress } from "@/lib/transfers/accept-shop-offers";

/**
 * POST: accept up to 1,000 coupons offered directly to this shop (scope payments; Idempotency-Key required),
 * committed in groups; each group's progress is saved with the key, so a retry resumes and answers the same.
 */
export const POST = apiRoute(apiOperations.acceptTransfers, async ({ db, actor, shopId, body, progress }) =>
  acceptTransfersDto(
    await acceptShopOffers(
      db,
      actor,
      { shopId, transferIds: body.transfers },
      {
        saved: progress?.saved as ShopOffersProgress | null,
        save: progress?.save,
      },
    ),
  ),
);
