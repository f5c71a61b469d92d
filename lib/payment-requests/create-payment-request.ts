import "server-only";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { paymentRequests, shops } from "@/db/schema";
import { requireApiScope } from "@/lib/api-keys/api-key-scopes";
import type { Actor } from "@/lib/auth/actor";
import { maxCouponsPerPayment } from "@/lib/checkout/plan-coupon-payment";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { getIssuanceLimits } from "@/lib/issuance/issuance-limits";
import type { Currency } from "@/lib/money/currencies";
import { toEnabledCurrency } from "@/lib/money/enabled-currencies";
import { formatMoney, moneyOf, toAmountMinor } from "@/lib/money/money";
import { assertMayRequestPayment } from "@/lib/parties/suspension";
import { type PaymentRequestView, toPaymentRequestView } from "./payment-request-view";

/**
 * The most a payment request may ask: what the most coupons one payment may use could hold at the per-coupon
 * maximum. More could never be paid, so asking for it only parks an unpayable request (and a bogus total).
 */
export function paymentRequestMaximumMinor(currency: Currency): bigint {
  return getIssuanceLimits().couponMaximumMinor(currency) * BigInt(maxCouponsPerPayment);
}

/** Bounds of a payment request's lifetime. */
export const paymentRequestSecondsMin = 60;
export const paymentRequestSecondsMax = 7 * 24 * 3600;

function checkReturnUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError("VALIDATION_FAILED", "returnUrl is not a valid URL.");
  }
  const local = url.hostname === "localhost" || url.hostname === "127.0.0.1" || url.hostname === "[::1]";
  if (url.protocol !== "https:" && !(url.protocol === "http:" && local)) {
    throw new AppError("VALIDATION_FAILED", "returnUrl must use https (http only for localhost).");
  }
  if (url.username || url.password)
    throw new AppError("VALIDATION_FAILED", "returnUrl cannot carry credentials.");
  return url.toString();
}

/**
 * A shop asks to be paid (`payments` scope): an amount up to `paymentRequestMaximumMinor` in the shop's own
 * currency, which must be enabled; its order reference, where to send the shopper back, and how long the
 * request stays open. Paying happens on the hosted page.
 */
export async function createPaymentRequest(
  db: DbOrTx,
  actor: Actor,
  input: {
    shopId: string;
    amountMinor: unknown;
    currency: string;
    orderReference: string;
    returnUrl: string;
    expiresInSeconds: number;
    now?: Date;
  },
): Promise<PaymentRequestView> {
  requireApiScope(actor, ["payments"], input.shopId);
  const amountMinor = toAmountMinor(input.amountMinor);
  const currency = toEnabledCurrency(input.currency);
  const maximumMinor = paymentRequestMaximumMinor(currency);
  if (amountMinor > maximumMinor) {
    throw new AppError(
      "LIMIT_EXCEEDED",
      `A payment request may ask for at most ${formatMoney(moneyOf(maximumMinor, currency))}.`,
    );
  }
  const [shop] = await db
    .select({ currency: shops.currency, partyId: shops.partyId })
    .from(shops)
    .where(eq(shops.id, input.shopId));
  if (!shop) throw new AppError("NOT_FOUND", "This shop no longer exists.");
  await assertMayRequestPayment(db, shop.partyId);
  if (shop.currency !== currency) {
    throw new AppError("CURRENCY_MISMATCH", `This shop takes payments in ${shop.currency}.`);
  }
  const orderReference = input.orderReference.trim();
  if (orderReference.length < 1 || orderReference.length > 100) {
    throw new AppError("VALIDATION_FAILED", "orderReference must be 1–100 characters.");
  }
  const seconds = input.expiresInSeconds;
  if (
    !Number.isSafeInteger(seconds) ||
    seconds < paymentRequestSecondsMin ||
    seconds > paymentRequestSecondsMax
  ) {
    throw new AppError(
      "VALIDATION_FAILED",
      `expiresInSeconds must be between ${paymentRequestSecondsMin} and ${paymentRequestSecondsMax}.`,
    );
  }
  const now = input.now ?? new Date();
  const [row] = await db
    .insert(paymentRequests)
    .values({
      id: newId("paymentRequest"),
      shopId: input.shopId,
      amountMinor,
      currency,
      orderReference,
      returnUrl: checkReturnUrl(input.returnUrl),
      expiresAt: new Date(now.getTime() + seconds * 1000),
      createdAt: now,
    })
    .returning();
  if (!row) throw new Error("payment request insert returned no row");
  return toPaymentRequestView(row, now);
}
