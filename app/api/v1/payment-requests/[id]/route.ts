import { paymentRequestDto } from "@/lib/api/api-dtos";
import { apiOperations } from "@/lib/api/api-operations";
import { apiRoute } from "@/lib/api/api-route";
import { getPaymentRequestOrThrow } from "@/lib/payment-requests/get-payment-request";

/** GET: one of this shop's payment requests (scope read or payments). */
export const GET = apiRoute<typeof apiOperations.getPaymentRequest, { id: string }>(
  apiOperations.getPaymentRequest,
  async ({ db, actor, shopId, params }) =>
    paymentRequestDto(await getPaymentRequestOrThrow(db, actor, { shopId, paymentRequestId: params.id })),
);
