import Link from "next/link";
import { Money } from "@/components/coupons/money";
import { When } from "@/components/ui/when";
import { moneyOf } from "@/lib/money/money";
import type { BuyerOrderSummary } from "@/lib/orders/list-buyer-orders";
import { buyerOrderStatusLabel } from "./order-status";

/** The shopper's purchases as cards (fits 360 px), each opening its receipt. */
export function BuyerOrderList({ orders }: { orders: BuyerOrderSummary[] }) {
  return (
    <ul className="space-y-3" aria-label="Purchases">
      {orders.map((order) => (
        <li key={order.id} className="rounded-xl border border-stone-200 bg-white p-4">
          <Link
            href={`/wallet/orders/${order.id}`}
            className="flex flex-wrap items-center justify-between gap-2 font-semibold underline-offset-2 hover:underline"
          >
            <span className="break-words">{order.shopName}</span>
            <Money value={moneyOf(order.totalMinor, order.currency)} />
          </Link>
          <p className="mt-1 text-sm text-stone-600">
            <When date={order.paidAt} /> · {order.itemCount} {order.itemCount === 1 ? "item" : "items"} ·{" "}
            {buyerOrderStatusLabel(order.status)}
            {order.refundedMinor > 0n ? (
              <>
                {" "}
                (<Money value={moneyOf(order.refundedMinor, order.currency)} /> back)
              </>
            ) : null}
          </p>
        </li>
      ))}
    </ul>
  );
}
