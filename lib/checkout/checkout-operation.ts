import type { Operation } from "@/lib/auth/operations";

/** One coupon in a payment plan: the whole coupon, or (the last one only) a part of it with the rest as change. */
export interface PlannedCoupon {
  couponId: string;
  version: number;
  amountMinor: bigint;
  /** What this coupon pays; less than `amountMinor` means the coupon is split and the change stays. */
  payMinor: bigint;
}

/** A cart line as priced by the server. */
export interface PricedLine {
  productId: string;
  quantity: number;
  unitPriceMinor: bigint;
}

/**
 * The `checkout.pay` operation the shopper's passkey signs once for the whole payment: who pays whom, for what
 * (an order's lines and its checkout key, or a payment request), the total, and every coupon with its version
 * and the part it pays. Rebuilt from server state when the assertion arrives and again when a coupon's history
 * is re-verified, so each coupon's `offered` event can prove the owner authorised it.
 */
export function checkoutOperation(input: {
  payerPartyId: string;
  shopPartyId: string;
  reference: string;
  currency: string;
  totalMinor: bigint;
  lines: PricedLine[];
  coupons: PlannedCoupon[];
}): Operation {
  return {
    type: "checkout.pay",
    payer: input.payerPartyId,
    shop: input.shopPartyId,
    reference: input.reference,
    currency: input.currency,
    totalMinor: input.totalMinor.toString(),
    lines: input.lines.map((line) => ({
      productId: line.productId,
      quantity: line.quantity,
      unitPriceMinor: line.unitPriceMinor.toString(),
    })),
    coupons: input.coupons.map((coupon) => ({
      couponId: coupon.couponId,
      version: coupon.version,
      amountMinor: coupon.amountMinor.toString(),
      payMinor: coupon.payMinor.toString(),
    })),
  };
}

/** The reference of a storefront order (by the shopper's checkout key) or of a payment request. */
export const orderReference = (checkoutKey: string) => `order:${checkoutKey}`;
export const paymentRequestReference = (paymentRequestId: string) => `payment_request:${paymentRequestId}`;

/** The planned coupon in a recorded checkout operation that the coupon `couponId` (or its split parent) paid. */
export function plannedEntryFor(
  operation: Operation,
  coupon: { id: string; parentId: string | null; amountMinor: bigint },
  version: number,
): boolean {
  const entries = Array.isArray(operation.coupons) ? operation.coupons : [];
  const pays = coupon.amountMinor.toString();
  return entries.some((entry) => {
    if (entry === null || typeof entry !== "object" || Array.isArray(entry)) return false;
    if (entry.payMinor !== pays) return false;
    if (entry.couponId === coupon.id) return entry.version === version && entry.amountMinor === pays;
    // A split child pays the planned part of its parent and is offered at its own first version.
    return coupon.parentId !== null && entry.couponId === coupon.parentId && version === 1;
  });
}
