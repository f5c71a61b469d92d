/** What the till is about to ask for: a typed amount, or products with quantities (exactly one of the two). */
export interface TillSale {
  amount: string | null;
  lines: { productId: string; quantity: number }[] | null;
}

/** A payment request the till just made (either way: a QR code to scan, or addressed to a scanned coupon's owner). */
export interface TillRequestStarted {
  id: string;
  /** Six characters, shown as "K7M-4QX". */
  shortCode: string;
  /** Minor units as decimal text (bigint does not cross to the browser). */
  amountMinor: string;
  currency: string;
  expiresAt: string;
  /** Addressed to this person (the till scanned their coupon); null: whoever scans the QR code pays. */
  payerName: string | null;
}
