import type { Metadata } from "next";
import Link from "next/link";
import { LiveRefresh } from "@/components/live/live-refresh";
import { CreateShopForm } from "@/components/merchant/create-shop-form";
import { getDb } from "@/db/client";
import { pageActor } from "@/lib/auth/page-actor";
import { getEnabledCurrencies } from "@/lib/money/enabled-currencies";
import { listShopMemberships } from "@/lib/users/list-shop-memberships";
import { plural } from "@/lib/words/plural";

export const metadata: Metadata = { title: "Merchant dashboard" };

export default async function MerchantPage() {
  const { actor } = await pageActor({ permission: "account.manage", next: "/merchant" });
  const shops = await listShopMemberships(getDb(), { actor });
  return (
    <div className="space-y-6">
      <LiveRefresh area="merchant" />
      <h1 className="text-3xl font-semibold tracking-tight">Merchant dashboard</h1>
      {shops.length === 0 ? (
        <p className="text-stone-700">You are not a member of any shop yet. Create one below.</p>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2" aria-label="Your shops">
          {shops.map((shop) => (
            <li key={shop.shopId}>
              <Link
                href={`/merchant/${shop.slug}`}
                className="block rounded-xl border border-stone-200 bg-white p-4 hover:border-brand-600"
              >
                <span className="block font-semibold">{shop.name}</span>
                <span className="block text-sm text-stone-600">
                  /s/{shop.slug} · {shop.role}
                </span>
                <span className="block text-sm text-stone-700" data-testid="shop-counts">
                  {plural(shop.paidOrders, "paid order")} · {plural(shop.heldCoupons, "coupon")} received
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <CreateShopForm currencies={[...getEnabledCurrencies()]} />
    </div>
  );
}
