import type { Metadata } from "next";
import { ShopOffers } from "@/components/merchant/shop-offers";
import { formatMoney } from "@/lib/money/money";
import { foldShopOffers, listShopOffers, shopOfferPageSizeMax } from "@/lib/shops/list-shop-offers";
import { loadMemberShop } from "@/lib/shops/load-member-shop";

export const metadata: Metadata = { title: "Offers" };

export default async function ShopOffersPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { db, shop, actor } = await loadMemberShop(slug, "shop.read", `/merchant/${slug}/offers`);
  const { offers } = await listShopOffers(db, actor, { shopId: shop.shopId, limit: shopOfferPageSizeMax });
  return (
    <section aria-labelledby="offers" className="space-y-3">
      <h2 id="offers" className="text-lg font-semibold">
        Offers waiting for an answer
      </h2>
      <p className="text-sm text-stone-600">
        People can give your shop coupons (a deposit, a donation, a prepayment) from their wallet with your
        shop's address, {shop.slug}. Accept to take the coupon; decline and it stays with them.
      </p>
      <ShopOffers
        slug={shop.slug}
        offers={foldShopOffers(offers).map((offer) => ({
          transferId: offer.transferId,
          fromName: offer.fromName,
          amountText: formatMoney(offer),
          couponCount: offer.couponCount,
          expiresAt: offer.expiresAt.toISOString(),
        }))}
      />
    </section>
  );
}
