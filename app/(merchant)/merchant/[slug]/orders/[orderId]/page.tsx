import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { RefundForm } from "@/components/merchant/refund-form";
import { buyerOrderStatusLabel } from "@/components/orders/order-status";
import { CardCell, CardRow, CardTable } from "@/components/ui/card-table";
import { When } from "@/components/ui/when";
import { can } from "@/lib/auth/permissions";
import { couponStatusLabels } from "@/lib/coupon-display/labels";
import { formatDateTime } from "@/lib/dates/format-date";
import { isAppError } from "@/lib/errors";
import { formatMoney, moneyOf } from "@/lib/money/money";
import { getShopOrderOrThrow } from "@/lib/shops/get-shop-order";
import { loadMemberShop } from "@/lib/shops/load-member-shop";

export const metadata: Metadata = { title: "Order" };

/** What became of a refund offered to the shopper, in the shop's words. */
const refundOfferWords: Record<string, string> = {
  pending: "Offered to the shopper, waiting for an answer",
  accepted: "Accepted by the shopper",
  declined: "Declined by the shopper; the coupon is back with you",
  cancelled: "Offer withdrawn; the coupon is back with you",
  expired: "Not accepted in time; the coupon is back with you",
};

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
          · <span data-testid="order-status">{buyerOrderStatusLabel(order.status)}</span>
          {order.refundedMinor > 0n
            ? ` · refunded ${formatMoney(moneyOf(order.refundedMinor, order.currency))}`
            : ""}
        </p>
        <p className="text-sm text-stone-600">
          {order.takenBy ? `At the till · taken by ${order.takenBy} · ` : ""}
          {order.buyerHandle ? `Bought by @${order.buyerHandle} · ` : ""}
          {order.paidAt ? `paid ${formatDateTime(order.paidAt)}` : "not paid"}
        </p>
        {order.lines.length > 0 ? (
          <CardTable
            caption="Items"
            variant="plain"
            columns={[
              { label: "Item" },
              { label: "Qty", align: "right" },
              { label: "Price", align: "right" },
            ]}
          >
            {order.lines.map((line) => (
              <CardRow key={line.productId}>
                <CardCell label="Item" rowHeader>
                  {line.name}
                </CardCell>
                <CardCell label="Qty" align="right" className="tabular-nums">
                  {line.quantity}
                </CardCell>
                <CardCell label="Price" align="right" className="tabular-nums">
                  {formatMoney(moneyOf(line.unitPriceMinor, order.currency))}
                </CardCell>
              </CardRow>
            ))}
          </CardTable>
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
                  ? (refundOfferWords[coupon.transferStatus] ?? "Offered to the shopper")
                  : coupon.heldByShop
                    ? `Held by you · ${couponStatusLabels[coupon.couponStatus]?.label ?? "Ready to use"}`
                    : "No longer held by you"}
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
