import { getRelyingParty } from "@/lib/auth/webauthn-config";

export type PaymentRequestStatus = "open" | "paid" | "expired" | "cancelled";

export interface PaymentRequestView {
  id: string;
  status: PaymentRequestStatus;
  amountMinor: bigint;
  currency: string;
  orderReference: string;
  /** null for a request made at the shop's till. */
  returnUrl: string | null;
  paymentUrl: string;
  expiresAt: Date;
  paidAt: Date | null;
  createdAt: Date;
}

/** The hosted payment page of a payment request: `<origin>/pay/<id>`. */
export const paymentUrlOf = (id: string) => `${getRelyingParty().origin}/pay/${encodeURIComponent(id)}`;

/** An open request past its expiry reads as expired even before the sweep (expirePaymentRequests) marks it. */
export function toPaymentRequestView(
  row: Omit<PaymentRequestView, "paymentUrl" | "status"> & { status: PaymentRequestStatus },
  now: Date,
): PaymentRequestView {
  const status = row.status === "open" && row.expiresAt <= now ? "expired" : row.status;
  return {
    id: row.id,
    status,
    amountMinor: row.amountMinor,
    currency: row.currency,
    orderReference: row.orderReference,
    returnUrl: row.returnUrl,
    paymentUrl: paymentUrlOf(row.id),
    expiresAt: row.expiresAt,
    paidAt: row.paidAt,
    createdAt: row.createdAt,
  };
}
