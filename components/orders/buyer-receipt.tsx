import Link from "next/link";
import { Money } from "@/components/coupons/money";
import { When } from "@/components/ui/when";
import { moneyOf } from "@/lib/money/money";
import type { BuyerReceipt as Receipt } from "@/lib/orders/get-buyer-receipt";
import { buyerOrderStatusLabel } from "./order-status";

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** A purchase's receipt: when, where, what, the coupons that paid it, the change kept and the refunds. */
export function BuyerReceipt({ order }: { order: Receipt }) {
  const money = (amountMinor: bigint) => <Money value={moneyOf(amountMinor, order.currency)} />;
  return (
    <article className="space-y-5 rounded-xl border border-stone-200 bg-white p-4 sm:p-6">
      <header className="space-y-1">
        <h1 className="break-words text-2xl font-semibold">{order.shopName}</h1>
        <p className="text-stone-700">
          {order.paidAt ? <When date={order.paidAt} /> : "Not paid yet"} ·{" "}
          {buyerOrderStatusLabel(order.status)}
        </p>
        <p className="text-3xl font-semibold" data-testid="receipt-total">
          {money(order.totalMinor)}
        </p>
      </header>

      <section aria-labelledby="items" className="space-y-2">
        <h2 id="items" className="font-semibold">
          Items
        </h2>
        <ul className="divide-y divide-stone-100 text-sm">
          {order.lines.map((line) => (
            <li key={line.productId} className="flex justify-between gap-3 py-1">
              <span className="break-words">
                {line.quantity} × {line.name}
              </span>
              {money(line.unitPriceMinor * BigInt(line.quantity))}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="paid-with" className="space-y-2">
        <h2 id="paid-with" className="font-semibold">
          Paid with {plural(order.payments.length, "coupon", "coupons")}
        </h2>
        <ul className="space-y-1 text-sm">
          {order.payments.map((payment) => (
            <li key={payment.couponId}>
              <Link href={`/wallet/coupons/${payment.couponId}`} className="underline">
                Coupon of {money(payment.amountMinor)}
              </Link>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="change" className="space-y-2">
        <h2 id="change" className="font-semibold">
          Change returned
        </h2>
        {order.change.length === 0 ? (
          <p className="text-sm text-stone-700">No change: the coupons matched the total.</p>
        ) : (
          <ul className="space-y-1 text-sm">
            {order.change.map((change) => (
              <li key={change.couponId}>
                <Link href={`/wallet/coupons/${change.couponId}`} className="underline">
                  Change coupon of {money(change.amountMinor)}
                </Link>{" "}
                stayed in your wallet
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="refunds" className="space-y-2">
        <h2 id="refunds" className="font-semibold">
          Refunds
        </h2>
        {order.refunds.length === 0 ? (
          <p className="text-sm text-stone-700">No refunds.</p>
        ) : (
          <ul className="space-y-1 text-sm">
            {order.refunds.map((refund) => (
              <li key={refund.couponId}>
                <Link href={`/wallet/coupons/${refund.couponId}`} className="underline">
                  Refund of {money(refund.amountMinor)}
                </Link>{" "}
                from {order.shopName}
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}
