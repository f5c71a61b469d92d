import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CheckoutForm } from "@/components/storefront/checkout-form";
import { SignInRequired } from "@/components/ui/sign-in-required";
import { getDb } from "@/db/client";
import { getCurrentSession } from "@/lib/auth/get-current-session";
import { pageActor } from "@/lib/auth/page-actor";
import { listSpendableCoupons } from "@/lib/checkout/list-spendable-coupons";
import { formatDate } from "@/lib/dates/format-date";
import { getStorefront } from "@/lib/shops/get-storefront";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Checkout" };

export default async function CheckoutPage({ params }: { params: Promise<{ shop: string }> }) {
  const { shop: slug } = await params;
  const storefront = await getStorefront(getDb(), slug);
  if (!storefront) notFound();
  // A public page: a signed-out visitor sees which shop this is before signing in.
  if (!(await getCurrentSession())) {
    return (
      <SignInRequired
        title={`Checkout at ${storefront.name}`}
        purpose="Sign in to pay with the coupons in your wallet."
        next={`/s/${storefront.slug}/checkout`}
      />
    );
  }
  const { actor } = await pageActor({
    permission: "coupons.transfer",
    next: `/s/${storefront.slug}/checkout`,
  });
  const coupons = await listSpendableCoupons(getDb(), actor, storefront.currency);
  return (
    <div className="space-y-6">
      <Link href={`/s/${storefront.slug}`} className="text-sm underline">
        ← Back to {storefront.name}
      </Link>
      <h1 className="text-3xl font-semibold tracking-tight">Checkout</h1>
      <CheckoutForm
        slug={storefront.slug}
        currency={storefront.currency}
        products={storefront.products
          .filter((product) => !product.soldOut)
          .map((product) => ({
            id: product.id,
            name: product.name,
            priceMinor: product.priceMinor,
            stockLeft: product.stockLeft,
          }))}
        coupons={coupons.map((coupon) => ({
          id: coupon.id,
          amountMinor: coupon.amountMinor,
          expiresText: `expires ${formatDate(coupon.expiresAt)}`,
        }))}
      />
    </div>
  );
}
