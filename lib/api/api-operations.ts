import type { z } from "zod";
import type { ApiKeyScope } from "@/lib/api-keys/api-key-scopes";
import {
  AcceptTransfersBody,
  AcceptTransfersResult,
  Conversion,
  CouponPage,
  CouponVerdict,
  CreateConversionBody,
  CreatePaymentRequestBody,
  EmptyBody,
  ListCouponsQuery,
  ListTransfersQuery,
  PaymentRequest,
  PaymentRequestParams,
  Shop,
  TransferAnswer,
  TransferPage,
  TransferParams,
  VerifyCouponBody,
} from "./api-schemas";

/** One REST API v1 operation: what the route wrapper enforces and what the OpenAPI document says. */
export interface ApiOperation {
  operationId: string;
  method: "GET" | "POST";
  /** OpenAPI path template below /api/v1. */
  path: string;
  summary: string;
  /** Any one of these scopes allows the call. */
  scopes: readonly ApiKeyScope[] | "any";
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** The `data` of a successful response. */
  response: z.ZodType;
  successStatus: 200 | 201;
  /**
   * POST only. "required": the call moves money, creates or changes something, so a client retry must not do
   * it twice and the request is refused (400) without an `Idempotency-Key`. "optional": a read sent as POST.
   */
  idempotency?: "required" | "optional";
  /**
   * "in-steps": the handler commits in several transactions of its own (a batch in groups) and records its
   * progress with each (ApiContext.progress), so a retry after a crash resumes; needs idempotency "required".
   * Otherwise the whole call is one transaction.
   */
  commits?: "in-steps";
  /** Largest request body this operation reads, when more than the API's default (apiBodyBytesMax). */
  bodyBytesMax?: number;
  /** Error statuses this operation can answer besides the common ones (400, 401, 403, 413, 429). */
  errors: readonly number[];
}

/** Accepting and declining an offer to the shop: the same call but for its verb. */
function transferAnswer<Verb extends "accept" | "decline">(verb: Verb, summary: string) {
  return {
    operationId: `${verb}Transfer`,
    method: "POST",
    path: `/transfers/{id}/${verb}`,
    summary,
    scopes: ["payments"],
    params: TransferParams,
    body: EmptyBody,
    response: TransferAnswer,
    successStatus: 200,
    idempotency: "required",
    errors: [404, 409, 422],
  } as const satisfies ApiOperation;
}

export const apiOperations = {
  getShop: {
    operationId: "getShop",
    method: "GET",
    path: "/shop",
    summary: "The shop this API key acts for, and the key's scopes.",
    scopes: "any",
    response: Shop,
    successStatus: 200,
    errors: [],
  },
  verifyCoupon: {
    operationId: "verifyCoupon",
    method: "POST",
    path: "/coupons/verify",
    summary: "Verify a coupon token: validity, value, currency, expiry and live status (never its owner).",
    scopes: ["read", "payments"],
    body: VerifyCouponBody,
    response: CouponVerdict,
    successStatus: 200,
    idempotency: "optional",
    errors: [409, 422],
  },
  listCoupons: {
    operationId: "listCoupons",
    method: "GET",
    path: "/coupons",
    summary: "Coupons this shop holds, newest issued first, paginated by cursor.",
    scopes: ["read"],
    query: ListCouponsQuery,
    response: CouponPage,
    successStatus: 200,
    errors: [],
  },
  createPaymentRequest: {
    operationId: "createPaymentRequest",
    method: "POST",
    path: "/payment-requests",
    summary: "Ask to be paid: returns the request and its hosted payment URL.",
    scopes: ["payments"],
    body: CreatePaymentRequestBody,
    response: PaymentRequest,
    successStatus: 201,
    idempotency: "required",
    errors: [409, 422],
  },
  getPaymentRequest: {
    operationId: "getPaymentRequest",
    method: "GET",
    path: "/payment-requests/{id}",
    summary: "One of this shop's payment requests.",
    scopes: ["read", "payments"],
    params: PaymentRequestParams,
    response: PaymentRequest,
    successStatus: 200,
    errors: [404],
  },
  listTransfers: {
    operationId: "listTransfers",
    method: "GET",
    path: "/transfers",
    summary:
      "Coupons offered to this shop and still waiting for its answer (status=pending), newest first, paginated by cursor.",
    scopes: ["read"],
    query: ListTransfersQuery,
    response: TransferPage,
    successStatus: 200,
    errors: [],
  },
  acceptTransfer: transferAnswer(
    "accept",
    "Accept a coupon offered directly to this shop: the shop becomes its owner. A coupon of a gift of several is accepted with the whole gift.",
  ),
  acceptTransfers: {
    operationId: "acceptTransfers",
    method: "POST",
    path: "/transfers/accept",
    summary:
      "Accept up to 1,000 coupons offered directly to this shop in one call. Each transfer gets its own result, in request order: accepted, as POST /transfers/{id}/accept answers (a coupon of a gift of several is accepted with the whole gift), or refused with the code and message that call would give; one refusal never stops the others. The transfers are committed in groups of 100, each group one transaction, so a retry with the same Idempotency-Key after a failure part-way carries on where it stopped and answers the same.",
    scopes: ["payments"],
    body: AcceptTransfersBody,
    response: AcceptTransfersResult,
    successStatus: 200,
    idempotency: "required",
    commits: "in-steps",
    bodyBytesMax: 64 * 1024,
    errors: [409, 422],
  },
  declineTransfer: transferAnswer(
    "decline",
    "Decline a coupon offered directly to this shop: it stays with its owner. A coupon of a gift of several is declined with the whole gift.",
  ),
  createConversion: {
    operationId: "createConversion",
    method: "POST",
    path: "/conversions",
    summary: "Convert a funded coupon this shop holds into money owed to the shop.",
    scopes: ["conversions"],
    body: CreateConversionBody,
    response: Conversion,
    successStatus: 201,
    idempotency: "required",
    errors: [404, 409, 422],
  },
} as const satisfies Record<string, ApiOperation>;

export type ApiOperationName = keyof typeof apiOperations;
