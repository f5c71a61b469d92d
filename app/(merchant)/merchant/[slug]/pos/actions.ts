"use server";

import { z } from "zod";
import { memberAction } from "@/lib/auth/member-action";
import { cancelTillRequest } from "@/lib/pos/cancel-till-request";
import { createTillRequest } from "@/lib/pos/create-till-request";
import { getTillRequest } from "@/lib/pos/get-till-request";
import { plainText } from "@/lib/validation/text";
import { tillRequestDto } from "./till-request-dto";

const slug = plainText("a shop address").min(1).max(40);
const requestId = plainText("a payment id").min(1).max(80);

/** Asks to be paid at the till: a typed amount or products (exactly one); answers the QR code's request. */
export const createTillRequestAction = memberAction(
  "shop.till",
  z.object({
    slug,
    amount: plainText("an amount").max(20).nullable(),
    lines: z
      .array(z.object({ productId: plainText("a product").min(1).max(80), quantity: z.number().int() }))
      .max(50)
      .nullable(),
  }),
  async ({ db, actor, meta, shop, input }) => {
    const request = await createTillRequest(db, actor, {
      shopId: shop.shopId,
      amount: input.amount,
      lines: input.lines,
      ip: meta.ip,
    });
    return {
      id: request.id,
      shortCode: request.shortCode,
      amountMinor: request.amountMinor.toString(),
      currency: request.currency,
      expiresAt: request.expiresAt.toISOString(),
      payerName: null,
    };
  },
);

/** Where a till request stands now (the till asks every few seconds and whenever the live stream says so). */
export const tillRequestStatusAction = memberAction(
  "shop.till",
  z.object({ slug, id: requestId }),
  async ({ db, actor, shop, input }) =>
    tillRequestDto(await getTillRequest(db, actor, { shopId: shop.shopId, paymentRequestId: input.id })),
);

/** Cancels the till's open request (a paid one stays paid, and the till is told). */
export const cancelTillRequestAction = memberAction(
  "shop.till",
  z.object({ slug, id: requestId }),
  async ({ db, actor, meta, shop, input }) =>
    cancelTillRequest(db, actor, { shopId: shop.shopId, paymentRequestId: input.id, ip: meta.ip }),
);
