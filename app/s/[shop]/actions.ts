"use server";

import { z } from "zod";
import { authedAction } from "@/lib/auth/authed-action";
import { webauthnResponseSchema } from "@/lib/auth/webauthn-response-schema";
import { beginCheckout } from "@/lib/checkout/begin-checkout";
import { completeCheckout } from "@/lib/checkout/complete-checkout";
import { plainText } from "@/lib/validation/text";

const checkoutInput = z.object({
  slug: plainText("a shop address").min(1).max(40),
  checkoutKey: plainText("a checkout key").min(1).max(64),
  lines: z
    .array(z.object({ productId: plainText("a product id").min(1).max(80), quantity: z.number().int() }))
    .min(1, "Your cart is empty.")
    .max(50),
  couponIds: z
    .array(plainText("a coupon id").min(1).max(80))
    .min(1, "Choose the coupons to pay with.")
    .max(20),
});

/** Step-up options for paying a cart with the chosen coupons (prices and coupons checked on the server). */
export const checkoutOptionsAction = authedAction(checkoutInput, async ({ db, actor, meta, input }) => {
  const draft = await beginCheckout(db, actor, { ...input, ip: meta.ip });
  return {
    options: draft.options,
    totalMinor: draft.totalMinor.toString(),
    changeMinor: draft.changeMinor.toString(),
  };
});

/** Pays the cart with the shopper's one passkey assertion; the same checkout submitted again pays once. */
export const checkoutAction = authedAction(
  checkoutInput.extend({
    expectedTotalMinor: z.string().regex(/^[0-9]{1,18}$/),
    stepUp: webauthnResponseSchema,
  }),
  async ({ db, actor, meta, input }) => {
    const result = await completeCheckout(db, actor, {
      ...input,
      expectedTotalMinor: BigInt(input.expectedTotalMinor),
      authorization: input.stepUp,
      ip: meta.ip,
    });
    return {
      orderId: result.orderId,
      alreadyPaid: result.alreadyPaid,
      changeCoupons: result.changeCouponIds.length,
    };
  },
);
