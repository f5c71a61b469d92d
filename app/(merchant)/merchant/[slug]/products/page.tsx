import type { Metadata } from "next";
import { ProductForm } from "@/components/merchant/product-form";
import { ProductItem } from "@/components/merchant/product-item";
import { formatMoney, moneyOf, toDecimalString } from "@/lib/money/money";
import { listShopProducts } from "@/lib/shops/list-shop-products";
import { loadMemberShop } from "@/lib/shops/load-member-shop";

export const metadata: Metadata = { title: "Products" };

export default async function ProductsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { db, shop, actor } = await loadMemberShop(slug, "shop.read", `/merchant/${slug}/products`);
  const products = await listShopProducts(db, actor, shop);
  return (
    <div className="space-y-6">
      <section className="rounded-xl border border-stone-200 bg-white p-5">
        <h2 className="mb-3 text-lg font-semibold">New product</h2>
        <ProductForm slug={shop.slug} currency={shop.currency} />
      </section>
      <section aria-labelledby="catalogue" className="space-y-3">
        <h2 id="catalogue" className="text-lg font-semibold">
          Catalogue ({products.length})
        </h2>
        {products.length === 0 ? <p className="text-stone-700">No products yet.</p> : null}
        <ul className="space-y-3">
          {products.map((product) => (
            <ProductItem
              key={product.id}
              slug={shop.slug}
              currency={shop.currency}
              priceText={formatMoney(moneyOf(product.priceMinor, shop.currency))}
              stateText={`${product.active ? "for sale" : "not for sale"}${
                product.stock === null ? "" : ` · ${product.stock} in stock`
              }`}
              product={{
                productId: product.id,
                name: product.name,
                description: product.description,
                priceText: toDecimalString(moneyOf(product.priceMinor, shop.currency)),
                active: product.active,
                stock: product.stock,
                imagePath: product.imagePath,
              }}
            />
          ))}
        </ul>
      </section>
    </div>
  );
}
