import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AddToCartButton, CartLink } from "@/components/storefront/add-to-cart";
import { getDb } from "@/db/client";
import { formatMoney, moneyOf } from "@/lib/money/money";
import { getStorefront } from "@/lib/shops/get-storefront";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ shop: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const storefront = await getStorefront(getDb(), (await params).shop);
  return { title: storefront?.name ?? "Shop not found" };
}

export default async function StorefrontPage({ params }: Props) {
  const storefront = await getStorefront(getDb(), (await params).shop);
  if (!storefront) notFound();
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="min-w-0 text-3xl font-semibold tracking-tight wrap-anywhere">{storefront.name}</h1>
        <CartLink
          slug={storefront.slug}
          forSale={storefront.products.filter((product) => !product.soldOut).map((product) => product.id)}
        />
      </div>
      {storefront.products.length === 0 ? (
        <p className="text-stone-700">This shop has nothing for sale yet.</p>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {storefront.products.map((product) => (
            <li
              key={product.id}
              className="flex flex-col rounded-xl border border-stone-200 bg-white p-5 shadow-sm"
            >
              {product.imagePath ? (
                // biome-ignore lint/performance/noImgElement: product images come from our own route
                <img
                  src={product.imagePath}
                  alt=""
                  className="mb-3 aspect-[4/3] w-full rounded-lg object-cover"
                  loading="lazy"
                />
              ) : null}
              <h2 className="text-lg font-semibold">{product.name}</h2>
              <p className="mt-1 text-stone-700">{product.description}</p>
              <p className="mt-3 text-xl font-medium tabular-nums">
                {formatMoney(moneyOf(product.priceMinor, storefront.currency))}
              </p>
              {product.soldOut ? (
                <p className="mt-1 text-sm text-red-700">Sold out</p>
              ) : (
                <div className="mt-3">
                  {product.stockLeft !== null && product.stockLeft <= 5 ? (
                    <p className="mb-2 text-sm text-amber-800">Only {product.stockLeft} left</p>
                  ) : null}
                  <AddToCartButton
                    slug={storefront.slug}
                    productId={product.id}
                    name={product.name}
                    stockLeft={product.stockLeft}
                  />
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
