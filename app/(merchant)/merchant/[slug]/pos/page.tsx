import type { Metadata } from "next";
import { Till } from "@/components/pos/till";
import { listShopProducts } from "@/lib/shops/list-shop-products";
import { loadMemberShop } from "@/lib/shops/load-member-shop";

export const metadata: Metadata = { title: "Till" };

export default async function TillPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { db, shop, actor } = await loadMemberShop(slug, "shop.till", `/merchant/${slug}/pos`);
  const products = (await listShopProducts(db, actor, shop)).filter((product) => product.active);
  return (
    <section aria-labelledby="till" className="space-y-3">
      <h2 id="till" className="text-lg font-semibold">
        Till
      </h2>
      <Till
        slug={shop.slug}
        shopName={shop.name}
        currency={shop.currency}
        products={products.map((product) => ({
          id: product.id,
          name: product.name,
          priceMinor: product.priceMinor.toString(),
          stock: product.stock,
        }))}
      />
    </section>
  );
}
