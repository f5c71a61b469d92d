"use server";

import { z } from "zod";
import type { TillRequestStarted } from "@/components/pos/till-types";
import { memberAction } from "@/lib/auth/member-action";
import { maxCartLines } from "@/lib/checkout/price-cart";
import { requestFromCoupon } from "@/lib/pos/request-from-coupon";
import { plainText } from "@/lib/validation/text";

const scanInput = z.object({
  slug: plainText("a shop address").min(1).max(40),
  /** What the camera read: a coupon token is at most 1,024 characters; the domain says what anything else is. */
  token: plainText("a scanned code").min(1).max(1100),
  amount: plainText("an amount").max(30).nullish(),
  lines: z
    .array(
      z.object({ productId: plainText("a product").max(64), quantity: z.number().int().min(1).max(1000) }),
    )
    .max(maxCartLines)
    .nullish(),
});

/** The till scanned a customer's coupon: ask that person to pay for the sale (staff and owners, `shop.till`). */
export const requestFromCouponAction = memberAction(
  "shop.till",
  scanInput,
  async ({ db, actor, meta, input, shop }): Promise<TillRequestStarted> => {
    const request = await requestFromCoupon(db, actor, {
      shopId: shop.shopId,
      token: input.token,
      amount: input.amount ?? null,
      lines: input.lines ?? null,
      ip: meta.ip,
    });
    return {
      id: request.id,
      shortCode: request.shortCode,
      amountMinor: request.amountMinor.toString(),
      currency: request.currency,
      expiresAt: request.expiresAt.toISOString(),
      payerName: request.payerName,
    };
  },
);
