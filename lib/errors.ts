import { isDatabaseUnavailable } from "@/db/connection-errors";
import { logUnexpectedError, noteFailure } from "@/lib/observability/work-context";

/**
 * The one error type for expected failures. Each code maps to one HTTP status; `toErrorResponse` in the
 * entry points turns it into `{ error: { code, message } }` and never leaks a stack trace.
 */
export const errorStatus = {
  VALIDATION_FAILED: 400,
  INVALID_AMOUNT: 400,
  INVALID_CURRENCY: 400,
  CURRENCY_MISMATCH: 400,
  MALFORMED_TOKEN: 400,
  IDEMPOTENCY_KEY_REQUIRED: 400,
  UNAUTHENTICATED: 401,
  STEP_UP_REQUIRED: 401,
  STEP_UP_INVALID: 401,
  PASSKEY_INVALID: 401,
  FORBIDDEN: 403,
  WALLET_LOCKED: 423,
  ACCOUNT_SUSPENDED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  CONCURRENT_REQUEST: 409,
  VERSION_CONFLICT: 409,
  COUPON_NOT_ACTIVE: 409,
  COUPON_EXPIRED: 409,
  COUPON_FUNDED: 409,
  COUPON_NOT_FUNDED: 409,
  COUPON_TRANSFERRED: 409,
  TRANSFER_NOT_PENDING: 409,
  TRANSFER_EXPIRED: 409,
  NOT_RECIPIENT: 403,
  CLAIM_CODE_INVALID: 403,
  RECOVERY_CODE_INVALID: 403,
  RECOVERY_RESTRICTED: 403,
  HANDLE_TAKEN: 409,
  LAST_PASSKEY: 409,
  IDEMPOTENCY_MISMATCH: 422,
  LIMIT_EXCEEDED: 422,
  CREDIT_LIMIT_EXCEEDED: 422,
  /** An open invoice is past its due date: no new coupons until it is paid (lib/parties/overdue.ts). */
  INVOICE_OVERDUE: 402,
  COUPON_MAXIMUM_EXCEEDED: 422,
  SPLIT_INVALID: 422,
  INSUFFICIENT_COUPONS: 422,
  TOO_MANY_COUPONS: 422,
  REFUND_TOO_LARGE: 422,
  COUPON_NOT_YOURS: 403,
  COUPON_PENDING: 409,
  PRODUCT_UNAVAILABLE: 409,
  OUT_OF_STOCK: 409,
  PRICE_CHANGED: 409,
  ORDER_NOT_REFUNDABLE: 409,
  PAYMENT_REQUEST_CLOSED: 409,
  SLUG_TAKEN: 409,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** Seconds to wait before retrying (rate limits). */
  readonly retryAfterSeconds?: number;

  constructor(
    code: ErrorCode,
    message: string,
    options: { retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.status = errorStatus[code];
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** Fails loudly on a programmer error (never for user input: that is an AppError). */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}

/**
 * Turns any thrown value into the public error body and status. A database that cannot be reached or lost the
 * connection (a failover, db/connection-errors.ts) is 503 UNAVAILABLE; other unknown errors become a bare 500
 * (logged). Counts the failure by code for the metrics and marks the request failed
 * (lib/observability/work-context.ts).
 */
export function toErrorBody(error: unknown): {
  status: number;
  body: { error: { code: string; message: string } };
} {
  if (!isAppError(error) && isDatabaseUnavailable(error)) {
    noteFailure("UNAVAILABLE");
    return {
      status: 503,
      body: {
        error: {
          code: "UNAVAILABLE",
          message:
            "The database is not reachable at the moment (it may be switching to its standby). Try again in a few seconds; with the same Idempotency-Key a retry is applied at most once.",
        },
      },
    };
  }
  if (isAppError(error)) {
    noteFailure(error.code);
    return { status: error.status, body: { error: { code: error.code, message: error.message } } };
  }
  noteFailure("INTERNAL");
  logUnexpectedError("unexpected error answered with 500", error);
  return { status: 500, body: { error: { code: "INTERNAL", message: "Something went wrong on our side." } } };
}
