import "server-only";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { parties, shops } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { limitAttempt } from "@/lib/auth/rate-limits";
import { type CouponCheck, checkCoupon } from "@/lib/coupons/check-coupon";
import { maxTokenLength } from "@/lib/coupons/coupon-payloads";
import { AppError } from "@/lib/errors";
import { createTillRequest, type TillRequest } from "./create-till-request";

export interface RequestFromCouponInput {
  shopId: string;
  /** The text the till's camera read from the customer's coupon QR code (`SCRIP2.…` or `scrip1.…`). */
  token: unknown;
  amount?: string | null;
  lines?: readonly { productId: unknown; quantity: unknown }[] | null;
  ip: string | null;
  now?: Date;
}

/** The request, and the one thing the till learns about the customer: the name they chose to show. */
export type CouponTillRequest = TillRequest & { payerName: string };

const stale = "This QR code is out of date: ask the customer to open the coupon again.";

/** The refusal for a coupon that cannot identify a payer, or null when its token is current and usable. */
function refusalOf(check: CouponCheck, now: Date): AppError | null {
  const { offline, live } = check;
  switch (offline.status) {
    case "malformed":
      return new AppError("MALFORMED_TOKEN", "That is not a coupon's QR code.");
    case "unknown_key":
      return new AppError("MALFORMED_TOKEN", "This is not a Scrip coupon.");
    case "bad_signature":
      return new AppError("MALFORMED_TOKEN", "This coupon's signature is not valid.");
    case "expired":
      return new AppError("COUPON_EXPIRED", "This coupon has expired.");
    case "valid":
      break;
  }
  if (!live) return new AppError("MALFORMED_TOKEN", "This is not a Scrip coupon.");
  switch (live.status) {
    case "active":
    case "offered":
      break;
    case "split":
      return new AppError("COUPON_TRANSFERRED", stale);
    case "expired":
      return new AppError("COUPON_EXPIRED", "This coupon has expired.");
    case "revoked":
      return new AppError("COUPON_NOT_ACTIVE", "This coupon has been revoked and cannot pay.");
    case "converted":
      return new AppError("COUPON_NOT_ACTIVE", "This coupon has been turned into money and cannot pay.");
    default:
      return new AppError("COUPON_NOT_ACTIVE", "This coupon has been cancelled and cannot pay.");
  }
  if (live.expiresAt <= now) return new AppError("COUPON_EXPIRED", "This coupon has expired.");
  // Another owner or version than the QR code shows: it changed hands (or was paid with) since.
  if (!live.current) return new AppError("COUPON_TRANSFERRED", stale);
  if (live.status === "offered") {
    return new AppError(
      "COUPON_PENDING",
      "This coupon is being given to someone at the moment: ask the customer to show another.",
    );
  }
  return null;
}

/**
 * Staff at a shop's till (`shop.till`) scanned a customer's coupon QR code: when it is a genuine Scrip coupon (both
 * signatures, a known key), current (not moved or split since it was shown), active and unexpired, in the shop's
 * currency and held by a person who may pay, the till's request for the sale is addressed to that person (the
 * trigger notifies them). Scans are counted per staff member and address (`till.scan`) before anything is read; a
 * refused scan writes nothing else. The till learns only the owner's display name, never their handle or ids.
 */
export async function requestFromCoupon(
  db: DbOrTx,
  actor: Actor,
  input: RequestFromCouponInput,
): Promise<CouponTillRequest> {
  requirePermission(actor, "shop.till", { shopId: input.shopId });
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only a shop's staff use its till.");
  await limitAttempt(db, "till.scan", { ip: input.ip, accountId: actor.userId });
  if (typeof input.token !== "string" || input.token.length > maxTokenLength) {
    throw new AppError("MALFORMED_TOKEN", "That is not a coupon's QR code.");
  }
  const now = input.now ?? new Date();
  const check = await checkCoupon(db, input.token.trim(), now);
  const refusal = refusalOf(check, now);
  if (refusal) throw refusal;
  const coupon = check.offline.coupon;
  const owner = check.live;
  if (!coupon || !owner) throw new AppError("MALFORMED_TOKEN", "This is not a Scrip coupon.");
  const [shop] = await db
    .select({ partyId: shops.partyId, currency: shops.currency })
    .from(shops)
    .where(eq(shops.id, input.shopId));
  if (!shop) throw new AppError("NOT_FOUND", "There is no such shop.");
  if (coupon.value.currency !== shop.currency) {
    throw new AppError(
      "CURRENCY_MISMATCH",
      `This coupon is in ${coupon.value.currency}; this shop takes ${shop.currency}.`,
    );
  }
  if (owner.ownerPartyId === shop.partyId) {
    throw new AppError("VALIDATION_FAILED", "This coupon belongs to this shop: scan the customer's coupon.");
  }
  const [payer] = await db
    .select({ kind: parties.kind, status: parties.status, displayName: parties.displayName })
    .from(parties)
    .where(eq(parties.id, owner.ownerPartyId));
  if (payer?.kind !== "user") {
    throw new AppError(
      "VALIDATION_FAILED",
      "This coupon belongs to a shop, not a person: scan the customer's own.",
    );
  }
  if (payer.status !== "active") {
    throw new AppError("ACCOUNT_SUSPENDED", "This customer's account cannot pay at the moment.");
  }
  const request = await createTillRequest(db, actor, {
    shopId: input.shopId,
    amount: input.amount,
    lines: input.lines,
    payerPartyId: owner.ownerPartyId,
    ip: input.ip,
    now,
  });
  return { ...request, payerName: payer.displayName };
}
