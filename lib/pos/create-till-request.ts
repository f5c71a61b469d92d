import "server-only";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import { uniqueViolationOf } from "@/db/postgres-errors";
import { paymentRequestItems, paymentRequests, shops } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { priceCart } from "@/lib/checkout/price-cart";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { toCurrency } from "@/lib/money/currencies";
import { formatMoney, moneyOf, parseMoney } from "@/lib/money/money";
import { assertMayRequestPayment } from "@/lib/parties/suspension";
import { paymentRequestMaximumMinor } from "@/lib/payment-requests/create-payment-request";
import { formatShortCode, newShortCode } from "./short-code";

/** How long a till's payment request stays open: long enough to find the phone, short enough to abandon. */
export const tillRequestSeconds = 10 * 60;

export interface TillRequestInput {
  shopId: string;
  /** A typed amount (decimal text in the shop's currency), or products: exactly one of the two. */
  amount?: string | null;
  lines?: readonly { productId: unknown; quantity: unknown }[] | null;
  /** Addressed to this person (the till scanned their coupon); set by the domain, never from a browser field. */
  payerPartyId?: string | null;
  ip?: string | null;
  now?: Date;
}

export interface TillRequest {
  id: string;
  shortCode: string;
  amountMinor: bigint;
  currency: string;
  expiresAt: Date;
}

/**
 * Staff at a shop's till (`shop.till`) ask to be paid: a typed amount, or products priced now from the shop's
 * active products (stock checked now and again when paid), in the shop's currency, up to what one payment may
 * hold. The request gets a six-character code unique among open requests, expires after `tillRequestSeconds`,
 * records who asked, and is audited; written in one transaction with its items.
 */
export async function createTillRequest(
  db: DbOrTx,
  actor: Actor,
  input: TillRequestInput,
): Promise<TillRequest> {
  requirePermission(actor, "shop.till", { shopId: input.shopId });
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only a shop's staff use its till.");
  const [shop] = await db
    .select({ partyId: shops.partyId, currency: shops.currency })
    .from(shops)
    .where(eq(shops.id, input.shopId));
  if (!shop) throw new AppError("NOT_FOUND", "There is no such shop.");
  await assertMayRequestPayment(db, shop.partyId);
  const hasAmount = typeof input.amount === "string" && input.amount.trim() !== "";
  const hasLines = Array.isArray(input.lines) && input.lines.length > 0;
  if (hasAmount === hasLines) {
    throw new AppError("VALIDATION_FAILED", "Enter an amount or tap products, not both.");
  }
  const cart = hasLines ? await priceCart(db, { shopId: input.shopId, lines: input.lines ?? [] }) : null;
  const amountMinor = cart ? cart.totalMinor : parseMoney(input.amount ?? "", shop.currency).amountMinor;
  if (amountMinor <= 0n) throw new AppError("VALIDATION_FAILED", "Enter an amount above zero.");
  const maximumMinor = paymentRequestMaximumMinor(toCurrency(shop.currency));
  if (amountMinor > maximumMinor) {
    throw new AppError(
      "LIMIT_EXCEEDED",
      `One payment at the till may be at most ${formatMoney(moneyOf(maximumMinor, shop.currency))}.`,
    );
  }
  const now = input.now ?? new Date();
  const expiresAt = new Date(now.getTime() + tillRequestSeconds * 1000);
  for (let attempt = 0; attempt < 5; attempt++) {
    const shortCode = newShortCode();
    try {
      return await inTransaction(db, async (tx) => {
        const id = newId("paymentRequest");
        await tx.insert(paymentRequests).values({
          id,
          shopId: input.shopId,
          amountMinor,
          currency: shop.currency,
          orderReference: `Till ${formatShortCode(shortCode)}`,
          returnUrl: null,
          source: "till",
          shortCode,
          payerPartyId: input.payerPartyId ?? null,
          createdByUserId: actor.userId,
          expiresAt,
          createdAt: now,
        });
        if (cart) {
          await tx.insert(paymentRequestItems).values(
            cart.lines.map((line) => ({
              paymentRequestId: id,
              productId: line.productId,
              quantity: line.quantity,
              unitPriceMinor: line.unitPriceMinor,
            })),
          );
        }
        await recordAuditEvent(tx, {
          action: "till.payment_requested",
          actor,
          targetType: "payment_request",
          targetId: id,
          ip: input.ip ?? null,
          data: { shopId: input.shopId, amountMinor: amountMinor.toString(), directed: !!input.payerPartyId },
        });
        return { id, shortCode, amountMinor, currency: shop.currency, expiresAt };
      });
    } catch (error) {
      // Another open request drew the same code (rare among ~10⁹): draw again.
      if (uniqueViolationOf(error) === "payment_requests_open_short_code_unique") continue;
      throw error;
    }
  }
  throw new AppError("CONFLICT", "The till could not make a payment code just now. Try again.");
}
