import Link from "next/link";
import type { ReactNode } from "react";
import { LiveRefresh } from "@/components/live/live-refresh";
import { ShopNav } from "@/components/merchant/shop-nav";
import { loadMemberShop } from "@/lib/shops/load-member-shop";

export default async function ShopDashboardLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ slug: string }>;
}) {
  const { slug } = await params;
  const { shop } = await loadMemberShop(slug, "shop.read", `/merchant/${slug}`);
  return (
    <div className="space-y-6">
      <LiveRefresh area="merchant" />
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="min-w-0 text-3xl font-semibold tracking-tight wrap-anywhere">{shop.name}</h1>
        <p className="text-sm text-stone-600">
          <Link href={`/s/${shop.slug}`} className="underline">
            /s/{shop.slug}
          </Link>{" "}
          · {shop.currency} · you are {shop.role}
        </p>
      </div>
      <ShopNav slug={shop.slug} owner={shop.role === "owner"} />
      {children}
    </div>
  );
}
