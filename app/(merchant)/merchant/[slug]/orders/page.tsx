import type { Metadata } from "next";
import Link from "next/link";
import { When } from "@/components/ui/when";
import { formatMoney, moneyOf } from "@/lib/money/money";
import { listShopOrders } from "@/lib/shops/list-shop-orders";
import { loadMemberShop } from "@/lib/shops/load-member-shop";

export const metadata: Metadata = { title: "Orders" };

const statusLabel: Record<string, string> = {
  pending: "Pending",
  paid: "Paid",
  partially_refunded: "Partly refunded",
  refunded: "Refunded",
  cancelled: "Cancelled",
};

export default async function OrdersPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ before?: string }>;
}) {
  const { slug } = await params;
  const { before } = await searchParams;
  const { db, shop, actor } = await loadMemberShop(slug, "shop.orders.read", `/merchant/${slug}/orders`);
  const page = await listShopOrders(db, actor, shop, { before: before ? new Date(before) : null });
  return (
    <section aria-labelledby="orders" className="space-y-3">
      <h2 id="orders" className="text-lg font-semibold">
        Orders
      </h2>
      {page.orders.length === 0 ? <p className="text-stone-700">No orders yet.</p> : null}
      <ul className="divide-y divide-stone-200 rounded-xl border border-stone-200 bg-white">
        {page.orders.map((order) => (
          <li key={order.id}>
            <Link
              href={`/merchant/${shop.slug}/orders/${order.id}`}
              className="flex min-h-11 flex-wrap items-center gap-x-4 gap-y-1 px-4 py-3 hover:bg-stone-50"
            >
              <span className="font-medium tabular-nums">
                {formatMoney(moneyOf(order.totalMinor, order.currency))}
              </span>
              <span className="rounded bg-stone-100 px-2 py-0.5 text-sm">
                {statusLabel[order.status] ?? order.status}
              </span>
              <span className="text-sm text-stone-600">
                {order.items} item{order.items === 1 ? "" : "s"} · {order.coupons} coupon
                {order.coupons === 1 ? "" : "s"}
                {order.buyerHandle ? ` · @${order.buyerHandle}` : ""}
                {order.takenBy ? ` · At the till · taken by ${order.takenBy}` : ""}
              </span>
              <time className="ml-auto text-sm text-stone-500" dateTime={order.createdAt.toISOString()}>
                <When date={order.createdAt} />
              </time>
            </Link>
          </li>
        ))}
      </ul>
      {page.nextBefore ? (
        <Link href={`?before=${encodeURIComponent(page.nextBefore.toISOString())}`} className="underline">
          Older orders
        </Link>
      ) : null}
    </section>
  );
}
