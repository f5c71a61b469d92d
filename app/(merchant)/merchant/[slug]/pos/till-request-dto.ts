import type { TillRequestStatus } from "@/components/pos/till-status";
import type { TillRequestView } from "@/lib/pos/get-till-request";

/** A till request's view as the browser receives it (money as decimal text, dates as ISO text). */
export function tillRequestDto(view: TillRequestView): TillRequestStatus {
  return {
    state: view.state,
    payerName: view.payerName,
    items: view.items.map((item) => ({
      name: item.name,
      quantity: item.quantity,
      unitPriceMinor: item.unitPriceMinor.toString(),
    })),
    receipt: view.receipt
      ? {
          paidAt: view.receipt.paidAt.toISOString(),
          coupons: view.receipt.coupons,
          takenBy: view.receipt.takenBy,
        }
      : null,
  };
}
