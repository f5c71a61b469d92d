import type { PaymentRequestState } from "@/lib/checkout/get-payment-request-for-payer";

/** What the till learns when it asks where its request stands (money as decimal text, dates as ISO text). */
export interface TillRequestStatus {
  state: PaymentRequestState;
  payerName: string | null;
  items: { name: string; quantity: number; unitPriceMinor: string }[];
  receipt: { paidAt: string; coupons: number; takenBy: string } | null;
}
