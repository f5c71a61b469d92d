import { transferAnswerDto } from "@/lib/api/api-dtos";
import { apiOperations } from "@/lib/api/api-operations";
import { apiRoute } from "@/lib/api/api-route";
import { answerShopTransfer } from "@/lib/transfers/answer-shop-transfer";

/** POST: accept a coupon offered directly to this shop (scope payments; Idempotency-Key honoured). */
export const POST = apiRoute<typeof apiOperations.acceptTransfer, { id: string }>(
  apiOperations.acceptTransfer,
  async ({ db, actor, shopId, params }) =>
    transferAnswerDto(
      await answerShopTransfer(db, actor, { shopId, transferId: params.id, answer: "accept" }),
    ),
);
