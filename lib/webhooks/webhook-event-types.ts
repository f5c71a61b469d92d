import { z } from "zod";

/**
 * Every webhook event Scrip sends, and the `data` each carries (validated when it is enqueued, documented in
 * the OpenAPI document's `webhooks`). Money is a string of integer minor units, times are ISO strings.
 */
const amountMinor = z.string().regex(/^[1-9][0-9]{0,17}$/);
const currency = z.string().regex(/^[A-Z]{3}$/);
const time = z.iso.datetime();

export const webhookEventTypes = {
  "payment_request.paid": {
    description: "A payment request was paid on the hosted page.",
    data: z.object({
      paymentRequestId: z.string(),
      orderReference: z.string(),
      amountMinor,
      currency,
      paidAt: time,
    }),
  },
  "transfer.offered": {
    description:
      "A person offered the shop a coupon (accept or decline it by transferId). One event per coupon: the coupons of a gift of several share a groupId, and answering any of them answers the whole gift.",
    data: z.object({
      transferId: z.string(),
      groupId: z.string().nullable(),
      couponId: z.string(),
      amountMinor,
      currency,
      expiresAt: time,
      fromName: z.string(),
    }),
  },
  "transfer.accepted": {
    description: "A coupon offered to the shop was accepted: the shop owns it now.",
    data: z.object({ transferId: z.string(), couponId: z.string(), amountMinor, currency }),
  },
  "transfer.declined": {
    description: "A coupon offered to the shop was declined: it stays with its owner.",
    data: z.object({ transferId: z.string(), couponId: z.string(), amountMinor, currency }),
  },
  "coupon.converted": {
    description: "A coupon the shop held was converted to money owed to the shop.",
    data: z.object({ couponId: z.string(), amountMinor, currency, postingId: z.string() }),
  },
  "statement.created": {
    description: "A charging run produced an invoice or payout statement for the shop.",
    data: z.object({
      statementId: z.string(),
      kind: z.enum(["invoice", "payout"]),
      amountMinor,
      currency,
      periodEnd: time,
    }),
  },
} as const;

export type WebhookEventType = keyof typeof webhookEventTypes;
export type WebhookEventData<T extends WebhookEventType> = z.input<(typeof webhookEventTypes)[T]["data"]>;
export const webhookEventTypeNames = Object.keys(webhookEventTypes) as WebhookEventType[];
export const isWebhookEventType = (value: string): value is WebhookEventType =>
  (webhookEventTypeNames as string[]).includes(value);
