import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { RefundForm } from "@/components/merchant/refund-form";
import { When } from "@/components/ui/when";
import { can } from "@/lib/auth/permissions";
import { formatDateTime } from "@/lib/dates/format-date";
import { isAppError } from "@/lib/errors";
import { formatMoney, moneyOf } from "@/lib/money/money";
import { getShopOrderOrThrow } from "@/lib/shops/get-shop-order";
import { loadMemberShop } from "@/lib/shops/load-member-shop";

export const metadata: Metadata = { title: "Order" };

export default async function OrderPage({ params }: { params: Promise<{ slug: string; orderId: string }> }) {
  const { slug, orderId } = await params;
  const { db, shop, actor } = await loadMemberShop(
    slug,
    "shop.orders.read",
    `/merchant/${slug}/orders/${orderId}`,
  );
  const order = await getShopOrderOrThrow(db, actor, shop, orderId).catch((error: unknown) => {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const refundable = order.totalMinor - order.refundedMinor;
  const mayRefund =
    can(actor, "shop.orders.refund", { shopId: shop.shopId }) &&
    (order.status === "paid" || order.status === "partially_refunded" || order.status === "refunded");
  return (
    <div className="space-y-5">
      <Link href={`/merchant/${shop.slug}/orders`} className="text-sm underline">
        ← All orders
      </Link>
      <section className="space-y-2 rounded-xl border border-stone-200 bg-white p-5">
        <h2 className="text-lg font-semibold">
          Order of <When date={order.createdAt} />
        </h2>
        <p>
          <span className="text-2xl font-semibold tabular-nums">
            {formatMoney(moneyOf(order.totalMinor, order.currency))}
          </span>{" "}
          · <span data-testid="order-status">{order.status.replace("_", " ")}</span>
          {order.refundedMinor > 0n
            ? ` · refunded ${formatMoney(moneyOf(order.refundedMinor, order.currency))}`
            : ""}
        </p>
        <p className="text-sm text-stone-600">
          {order.buyerHandle ? `Bought by @${order.buyerHandle} · ` : ""}
          {order.paidAt ? `paid ${formatDateTime(order.paidAt)}` : "not paid"}
        </p>
        {order.lines.length > 0 ? (
          <table className="w-full text-sm">
            <caption className="sr-only">Items</caption>
            <thead>
              <tr className="text-left text-stone-600">
                <th className="py-1 font-medium">Item</th>
                <th className="py-1 text-right font-medium">Qty</th>
                <th className="py-1 text-right font-medium">Price</th>
              </tr>
            </thead>
            <tbody>
              {order.lines.map((line) => (
                <tr key={line.productId} className="border-t border-stone-100">
                  <td className="py-1">{line.name}</td>
                  <td className="py-1 text-right tabular-nums">{line.quantity}</td>
                  <td className="py-1 text-right tabular-nums">
                    {formatMoney(moneyOf(line.unitPriceMinor, order.currency))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      <section
        aria-labelledby="coupons-used"
        className="space-y-2 rounded-xl border border-stone-200 bg-white p-5"
      >
        <h2 id="coupons-used" className="text-lg font-semibold">
          Coupons
        </h2>
        <ul className="space-y-1 text-sm">
          {order.coupons.map((coupon) => (
            <li key={`${coupon.kind}-${coupon.couponId}`} className="flex flex-wrap gap-x-3">
              <span className="font-medium">{coupon.kind === "payment" ? "Paid with" : "Refunded as"}</span>
              <span className="tabular-nums">{formatMoney(moneyOf(coupon.amountMinor, order.currency))}</span>
              <span className="text-stone-600">
                {coupon.kind === "refund"
                  ? `offer ${coupon.transferStatus}`
                  : coupon.heldByShop
                    ? `held by you (${coupon.couponStatus})`
                    : coupon.couponStatus}
              </span>
            </li>
          ))}
        </ul>
      </section>
      {mayRefund ? (
        <RefundForm slug={shop.slug} orderId={order.id} refundable={moneyOf(refundable, order.currency)} />
      ) : null}
    </div>
  );
}
