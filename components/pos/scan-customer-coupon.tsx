"use client";

import type { TillRequestStarted, TillSale } from "./till-types";

/**
 * The till scans a customer's coupon QR code and sends that customer a payment request for `sale`
 * (placeholder: the engineer building this part replaces it).
 */
export function ScanCustomerCoupon(_props: {
  slug: string;
  sale: TillSale;
  onRequested: (request: TillRequestStarted) => void;
}) {
  return null;
}
