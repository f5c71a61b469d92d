import { transferAnswerDto } from "@/lib/api/api-dtos";
import { apiOperations } from "@/lib/api/api-operations";
import { apiRoute } from "@/lib/api/api-route";
import { answerShopTransfer } from "@/lib/transfers/answer-shop-transfer";

/** POST: decline a coupon offered directly to this shop (scope payments; Idempotency-Key honoured). */
export const POST = apiRoute<typeof apiOperations.declineTransfer, { id: string }>(
  apiOperations.declineTransfer,
  async ({ db, actor, shopId, params }) =>
    transferAnswerDto(
      await answerShopTransfer(db, actor, { shopId, transferId: params.id, answer: "decline" }),
    ),
);
