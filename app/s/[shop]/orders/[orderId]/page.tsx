import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { buyerOrderStatusLabel } from "@/components/orders/order-status";
import { When } from "@/components/ui/when";
import { getDb } from "@/db/client";
import { pageActor } from "@/lib/auth/page-actor";
import { getBuyerOrderOrThrow } from "@/lib/checkout/get-buyer-order";
import { isAppError } from "@/lib/errors";
import { formatMoney, moneyOf } from "@/lib/money/money";
import { plural } from "@/lib/words/plural";

export const metadata: Metadata = { title: "Receipt" };

export default async function ReceiptPage({
  params,
}: {
  params: Promise<{ shop: string; orderId: string }>;
}) {
  const { shop, orderId } = await params;
  const { actor } = await pageActor({ permission: "wallet.use", next: `/s/${shop}/orders/${orderId}` });
  const order = await getBuyerOrderOrThrow(getDb(), actor, orderId).catch((error: unknown) => {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const money = (amount: bigint) => formatMoney(moneyOf(amount, order.currency));
  return (
    <section className="mx-auto max-w-lg space-y-4 rounded-xl border border-stone-200 bg-white p-6">
      <h1 className="text-2xl font-semibold">
        {order.status === "pending" ? "Payment pending" : `Paid at ${order.shopName}`}
      </h1>
      <p className="text-3xl font-semibold tabular-nums" data-testid="receipt-total">
        {money(order.totalMinor)}
      </p>
      <p className="text-sm text-stone-600">
        {order.paidAt ? <When date={order.paidAt} /> : "Not paid yet"} · {buyerOrderStatusLabel(order.status)}
        {order.refundedMinor > 0n ? ` · ${money(order.refundedMinor)} refunded` : ""}
      </p>
      <ul className="divide-y divide-stone-100 text-sm">
        {order.lines.map((line) => (
          <li key={line.name} className="flex justify-between py-1">
            <span>
              {line.quantity} × {line.name}
            </span>
            <span className="tabular-nums">{money(line.unitPriceMinor * BigInt(line.quantity))}</span>
          </li>
        ))}
      </ul>
      <p className="text-sm text-stone-700">
        Paid with {plural(order.paidWith.filter((entry) => entry.kind === "payment").length, "coupon")}. Any
        change is in your{" "}
        <Link href="/wallet" className="underline">
          wallet
        </Link>
        .
      </p>
      <Link href={`/s/${order.shopSlug}`} className="inline-block underline">
        Back to the shop
      </Link>
    </section>
  );
}
