/** An order's state in a shopper's words. */
export const buyerOrderStatusLabels: Record<string, string> = {
  pending: "Waiting for payment",
  paid: "Paid",
  partially_refunded: "Partly refunded",
  refunded: "Refunded",
  cancelled: "Cancelled",
};

export const buyerOrderStatusLabel = (status: string) => buyerOrderStatusLabels[status] ?? "Paid";
