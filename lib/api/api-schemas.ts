import { z } from "zod";
import { couponStatuses } from "@/lib/coupons/coupon-statuses";
import { nameText, plainText, refuseControlCharacters } from "@/lib/validation/text";

/**
 * The zod schemas of REST API v1: they validate requests and responses, and the OpenAPI document is generated
 * from them (openapi-document.ts). Money is always a string of integer minor units ("1250" = 12.50 EUR), so
 * no amount is ever a float or loses precision above 2^53.
 */
export const AmountMinor = z
  .string()
  .regex(/^[1-9][0-9]{0,17}$/)
  .meta({
    id: "AmountMinor",
    description:
      'A positive amount in integer minor units of its currency, as a string of digits ("1250" is 12.50 EUR).',
    examples: ["1250"],
  });
export const Currency = z
  .string()
  .regex(/^[A-Z]{3}$/)
  .meta({ id: "Currency", description: "ISO 4217 code.", examples: ["EUR"] });
const Timestamp = z.iso.datetime().meta({ description: "RFC 3339 time in UTC." });
const Id = (prefix: string, description: string) =>
  z
    .string()
    .regex(new RegExp(`^${prefix}_[A-Za-z0-9_-]{22}$`))
    .meta({ description, examples: [`${prefix}_0123456789abcdefABCDEF`] });

export const ApiError = z
  .object({
    error: z.object({
      code: z
        .string()
        .meta({ description: "Stable machine-readable code, e.g. VALIDATION_FAILED, RATE_LIMITED." }),
      message: z.string().meta({ description: "Human-readable explanation." }),
    }),
  })
  .meta({ id: "Error" });

const envelope = <T extends z.ZodType>(schema: T) => z.object({ data: schema });

// --- coupons/verify
export const VerifyCouponBody = z
  .strictObject({
    token: z.string().min(1).max(1024).meta({
      description:
        "The coupon token the shopper showed (the QR code's text): the `scrip1.` form or its short `SCRIP2.` form.",
    }),
  })
  .meta({ id: "VerifyCouponRequest" });
export const CouponVerdict = z
  .object({
    valid: z
      .boolean()
      .meta({ description: "Signatures hold, not expired, and the token is the coupon's current one." }),
    signature: z.enum(["valid", "expired", "bad_signature", "unknown_key", "malformed"]),
    coupon: z
      .object({
        id: Id("cpn", "Coupon id."),
        amountMinor: AmountMinor,
        currency: Currency,
        expiresAt: Timestamp,
        status: z.enum(couponStatuses),
        funded: z.boolean(),
        current: z.boolean().meta({ description: "The token names the current owner and version." }),
        ownedByYou: z
          .boolean()
          .meta({ description: "This shop owns the coupon. Other owners are never disclosed." }),
        pendingTransferToYou: z
          .object({ id: Id("trf", "Transfer id."), expiresAt: Timestamp })
          .nullable()
          .meta({ description: "A pending offer of this coupon to this shop, which it may accept." }),
      })
      .nullable()
      .meta({ description: "Null for a forged, malformed or unknown token." }),
  })
  .meta({ id: "CouponVerdict" });

// --- payment requests
export const CreatePaymentRequestBody = z
  .strictObject({
    amountMinor: AmountMinor,
    currency: Currency,
    orderReference: nameText("an order reference")
      .min(1)
      .max(100)
      .meta({ description: "Your own order reference, shown to the shopper." }),
    returnUrl: z.url().max(500).check(refuseControlCharacters("a return address")).meta({
      description: "Where the hosted page sends the shopper afterwards (https; http only for localhost).",
    }),
    expiresInSeconds: z
      .int()
      .min(60)
      .max(604_800)
      .default(3600)
      .meta({ description: "How long the request stays payable." }),
  })
  .meta({ id: "CreatePaymentRequest" });
export const PaymentRequest = z
  .object({
    id: Id("pay", "Payment request id."),
    status: z.enum(["open", "paid", "expired", "cancelled"]),
    amountMinor: AmountMinor,
    currency: Currency,
    orderReference: z.string(),
    returnUrl: z.string().nullable(),
    paymentUrl: z
      .string()
      .meta({ description: "The hosted payment page: <origin>/pay/<id>. Send the shopper here." }),
    expiresAt: Timestamp,
    paidAt: Timestamp.nullable(),
    createdAt: Timestamp,
  })
  .meta({ id: "PaymentRequest" });
export const PaymentRequestParams = z.object({ id: plainText("an id").min(1).max(64) });

// --- transfers
export const TransferParams = z.object({ id: plainText("an id").min(1).max(64) });
export const EmptyBody = z.strictObject({}).meta({ id: "EmptyRequest" });
export const TransferAnswer = z
  .object({
    transferId: Id("trf", "Transfer id."),
    status: z.enum(["accepted", "declined"]),
    coupon: z.object({
      id: Id("cpn", "Coupon id."),
      amountMinor: AmountMinor,
      currency: Currency,
      version: z.int(),
    }),
    groupId: Id(
      "tgr",
      "The gift of several coupons this transfer is part of (answered whole), or null.",
    ).nullable(),
    transferIds: z
      .array(Id("trf", "Transfer id."))
      .meta({ description: "Every transfer this answer decided: this one, or every transfer of its gift." }),
  })
  .meta({ id: "TransferAnswer" });

// --- transfers/accept (a batch)
export const AcceptTransfersBody = z
  .strictObject({
    transfers: z
      .array(
        z
          .string()
          .regex(
            /^trf_[A-Za-z0-9_-]{22}$/,
            "Every transfer must be a transfer id such as trf_0123456789abcdefABCDEF.",
          )
          .meta({ description: "Transfer id." }),
      )
      .min(1, "Send at least one transfer.")
      .max(1000, "Send at most 1,000 transfers per call.")
      .refine((ids) => new Set(ids).size === ids.length, "Each transfer may appear only once in a call.")
      .meta({
        description: "1–1,000 distinct ids of transfers offered to this shop, answered in this order.",
      }),
  })
  .meta({ id: "AcceptTransfersRequest" });
const AcceptedTransfer = TransferAnswer.extend({
  status: z.literal("accepted"),
}).meta({ id: "AcceptedTransfer", description: "Accepted: what POST /transfers/{id}/accept answers." });
const RefusedTransfer = z
  .object({
    transferId: Id("trf", "Transfer id."),
    status: z.literal("refused"),
    error: ApiError.shape.error.meta({
      description:
        "Why, as POST /transfers/{id}/accept would answer: NOT_FOUND (unknown or not offered to this shop), TRANSFER_NOT_PENDING, TRANSFER_EXPIRED, VERSION_CONFLICT, COUPON_EXPIRED, ACCOUNT_SUSPENDED, …",
    }),
  })
  .meta({ id: "RefusedTransfer", description: "Refused: nothing changed for this transfer." });
export const AcceptTransfersResult = z
  .object({
    accepted: z.int().meta({ description: "How many transfers were accepted." }),
    refused: z.int().meta({ description: "How many were refused." }),
    results: z
      .array(z.discriminatedUnion("status", [AcceptedTransfer, RefusedTransfer]))
      .meta({ description: "One result per requested transfer, in request order." }),
  })
  .meta({ id: "AcceptTransfersResult" });

// --- offers to the shop
export const ListTransfersQuery = z.strictObject({
  status: z.enum(["pending"]).default("pending").meta({ description: "Offers still waiting for an answer." }),
  limit: z.coerce.number().int().min(1).max(100).default(20).meta({ description: "Page size, 1–100." }),
  cursor: plainText("a cursor").max(200).optional().meta({ description: "nextCursor of the previous page." }),
});
export const OfferedTransfer = z
  .object({
    id: Id("trf", "Transfer id: accept or decline it at /transfers/{id}/accept or /decline."),
    groupId: Id("tgr", "The gift of several coupons it is part of (answered whole), or null.").nullable(),
    couponId: Id("cpn", "Coupon id."),
    amountMinor: AmountMinor,
    currency: Currency,
    fromName: z.string().meta({ description: "The display name of the person offering it." }),
    offeredAt: Timestamp,
    expiresAt: Timestamp,
  })
  .meta({ id: "OfferedTransfer" });
export const TransferPage = z
  .object({ transfers: z.array(OfferedTransfer), nextCursor: z.string().nullable() })
  .meta({ id: "TransferPage" });

// --- coupons list
export const ListCouponsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20).meta({ description: "Page size, 1–100." }),
  cursor: plainText("a cursor").max(200).optional().meta({ description: "nextCursor of the previous page." }),
  status: z.enum(couponStatuses).optional(),
});
export const ReceivedCoupon = z
  .object({
    id: Id("cpn", "Coupon id."),
    amountMinor: AmountMinor,
    currency: Currency,
    status: z.enum(couponStatuses),
    version: z.int(),
    funded: z.boolean(),
    issuedAt: Timestamp,
    expiresAt: Timestamp,
  })
  .meta({ id: "ReceivedCoupon" });
export const CouponPage = z
  .object({ coupons: z.array(ReceivedCoupon), nextCursor: z.string().nullable() })
  .meta({ id: "CouponPage" });

// --- conversions
export const CreateConversionBody = z
  .strictObject({
    couponId: plainText("a coupon id").min(1).max(64),
    version: z
      .int()
      .min(1)
      .optional()
      .meta({ description: "The version you saw; the conversion fails with 409 if the coupon changed." }),
  })
  .meta({ id: "CreateConversion" });
export const Conversion = z
  .object({
    couponId: Id("cpn", "Coupon id."),
    amountMinor: AmountMinor,
    currency: Currency,
    postingId: z.string(),
  })
  .meta({ id: "Conversion" });

// --- shop
export const Shop = z
  .object({
    id: Id("shp", "Shop id."),
    name: z.string(),
    slug: z.string(),
    currency: Currency,
    scopes: z.array(z.string()),
  })
  .meta({ id: "Shop" });

export const responses = {
  CouponVerdict: envelope(CouponVerdict),
  PaymentRequest: envelope(PaymentRequest),
  TransferAnswer: envelope(TransferAnswer),
  AcceptTransfersResult: envelope(AcceptTransfersResult),
  TransferPage: envelope(TransferPage),
  CouponPage: envelope(CouponPage),
  Conversion: envelope(Conversion),
  Shop: envelope(Shop),
};
