"use server";

import { z } from "zod";
import { authedAction } from "@/lib/auth/authed-action";
import { webauthnResponseSchema } from "@/lib/auth/webauthn-response-schema";
import { getPaymentRequestForPayer } from "@/lib/checkout/get-payment-request-for-payer";
import {
  beginPaymentRequestPayment,
  completePaymentRequestPayment,
} from "@/lib/checkout/pay-payment-request";
import { plainText } from "@/lib/validation/text";

const payInput = z.object({
  paymentRequestId: plainText("a payment request id").min(1).max(80),
  couponIds: z
    .array(plainText("a coupon id").min(1).max(80))
    .min(1, "Choose the coupons to pay with.")
    .max(20),
});

/** Step-up options for paying a shop's payment request with the chosen coupons. */
export const payRequestOptionsAction = authedAction(payInput, async ({ db, actor, meta, input }) => {
  const draft = await beginPaymentRequestPayment(db, actor, { ...input, ip: meta.ip });
  return { options: draft.options, changeMinor: draft.changeMinor.toString() };
});

/** Pays the request with the shopper's one passkey assertion; answers where to return to the shop. */
export const payRequestAction = authedAction(
  payInput.extend({ stepUp: webauthnResponseSchema }),
  async ({ db, actor, meta, input }) => {
    const result = await completePaymentRequestPayment(db, actor, {
      ...input,
      authorization: input.stepUp,
      ip: meta.ip,
    });
    return {
      orderId: result.orderId,
      returnUrl: result.returnUrl,
      alreadyPaid: result.alreadyPaid,
      till: result.source === "till",
    };
  },
);

/** Whether the request is still open (the page asks while the payer decides; the till may cancel it meanwhile). */
export const payRequestStateAction = authedAction(
  z.object({ paymentRequestId: plainText("a payment request id").min(1).max(80) }),
  async ({ db, input }) => ({ state: (await getPaymentRequestForPayer(db, input.paymentRequestId)).state }),
);
