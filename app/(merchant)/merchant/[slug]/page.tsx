import type { Metadata } from "next";
import Link from "next/link";
import { formatMoney, moneyOf } from "@/lib/money/money";
import { getShopOverview } from "@/lib/shops/get-shop-overview";
import { foldShopOffers, listShopOffers, shopOfferPageSizeMax } from "@/lib/shops/list-shop-offers";
import { loadMemberShop } from "@/lib/shops/load-member-shop";

export const metadata: Metadata = { title: "Shop overview" };

export default async function ShopOverviewPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { db, shop, actor } = await loadMemberShop(slug, "shop.read", `/merchant/${slug}`);
  const [overview, { offers }] = await Promise.all([
    getShopOverview(db, actor, shop),
    listShopOffers(db, actor, { shopId: shop.shopId, limit: shopOfferPageSizeMax }),
  ]);
  const waiting = foldShopOffers(offers);
  const cards = [
    {
      label: "Sales (net of refunds)",
      value: formatMoney(moneyOf(overview.paidMinor, shop.currency)),
      detail: `${overview.paidOrders} paid orders`,
      href: "orders",
    },
    {
      label: "Coupons held",
      value: formatMoney(moneyOf(overview.heldMinor, shop.currency)),
      detail: `${overview.heldCoupons} ready to convert`,
      href: "coupons",
    },
    {
      label: "Offers waiting",
      value: String(waiting.length),
      detail: "coupons people offer your shop",
      href: "offers",
    },
    {
      label: "Products for sale",
      value: String(overview.productsForSale),
      detail: "in your storefront",
      href: "products",
    },
  ];
  return (
    <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
      {cards.map((card) => (
        <li key={card.label}>
          <Link
            href={`/merchant/${shop.slug}/${card.href}`}
            className="block rounded-xl border border-stone-200 bg-white p-4 hover:border-brand-600"
          >
            <span className="block text-sm text-stone-600">{card.label}</span>
            <span className="block text-2xl font-semibold tabular-nums">{card.value}</span>
            <span className="block text-sm text-stone-600">{card.detail}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
