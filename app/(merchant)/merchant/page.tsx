import type { Metadata } from "next";
import { SignInRequired } from "@/components/ui/sign-in-required";
import { getDb } from "@/db/client";
import { getCurrentSession } from "@/lib/auth/get-current-session";
import { listShopMemberships } from "@/lib/users/list-shop-memberships";

export const metadata: Metadata = { title: "Merchant dashboard" };

export default async function MerchantPage() {
  const session = await getCurrentSession();
  if (!session) {
    return (
      <SignInRequired
        title="Merchant dashboard"
        purpose="Your shops, products, orders, received coupons and payouts."
        next="/merchant"
      />
    );
  }
  const shops = await listShopMemberships(getDb(), { actor: session.actor });
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-semibold tracking-tight">Merchant dashboard</h1>
      {shops.length === 0 ? (
        <p className="text-stone-700">You are not a member of any shop yet.</p>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2">
          {shops.map((shop) => (
            <li key={shop.shopId} className="rounded-xl border border-stone-200 bg-white p-4">
              <p className="font-semibold">{shop.name}</p>
              <p className="text-sm text-stone-600">
                /s/{shop.slug} · {shop.role}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
