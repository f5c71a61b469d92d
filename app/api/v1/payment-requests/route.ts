import { paymentRequestDto } from "@/lib/api/api-dtos";
import { apiOperations } from "@/lib/api/api-operations";
import { apiRoute } from "@/lib/api/api-route";
import { createPaymentRequest } from "@/lib/payment-requests/create-payment-request";

/** POST: create a payment request and its hosted payment URL (scope payments; Idempotency-Key honoured). */
export const POST = apiRoute(apiOperations.createPaymentRequest, async ({ db, actor, shopId, body }) =>
  paymentRequestDto(await createPaymentRequest(db, actor, { shopId, ...body })),
);
