"use client";

import { useRouter } from "next/navigation";
import { useMemo } from "react";
import { checkoutAction, checkoutOptionsAction } from "@/app/s/[shop]/actions";
import { primaryButton, secondaryButton } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";
import { runStepUp } from "@/components/wallet/run-step-up";
import { formatMoney, moneyOf } from "@/lib/money/money";
import { useCart } from "./cart-store";
import { CouponPicker, type SpendableCoupon, useCouponChoice } from "./coupon-picker";

export interface CheckoutProduct {
  id: string;
  name: string;
  priceMinor: bigint;
  stockLeft: number | null;
}

/** One random key per checkout, kept for this tab until it is paid, so submitting again never pays twice. */
function checkoutKeyFor(slug: string): string {
  const storageKey = `scrip.checkout.${slug}`;
  const existing = window.sessionStorage.getItem(storageKey);
  if (existing && /^[A-Za-z0-9_-]{16,64}$/.test(existing)) return existing;
  const created = crypto.randomUUID();
  window.sessionStorage.setItem(storageKey, created);
  return created;
}

/** The cart, the coupons to pay with (Scrip suggests the fewest that cover the total) and one passkey to pay. */
export function CheckoutForm({
  slug,
  currency,
  products,
  coupons,
}: {
  slug: string;
  currency: string;
  products: CheckoutProduct[];
  coupons: SpendableCoupon[];
}) {
  const router = useRouter();
  const cart = useCart(slug);
  const { busy, status, run } = useActionStatus();
  const byId = useMemo(() => new Map(products.map((product) => [product.id, product])), [products]);
  const lines = cart.lines.filter((line) => byId.has(line.productId));
  const gone = cart.lines.length - lines.length;
  const total = lines.reduce(
    (sum, line) => sum + (byId.get(line.productId)?.priceMinor ?? 0n) * BigInt(line.quantity),
    0n,
  );
  const choice = useCouponChoice(coupons, total);
  const money = (amount: bigint) => formatMoney(moneyOf(amount, currency));

  const setQuantity = (productId: string, quantity: number) =>
    cart.set(cart.lines.map((line) => (line.productId === productId ? { ...line, quantity } : line)));

  function pay() {
    void run("Confirm the payment with your passkey…", async () => {
      const checkoutKey = checkoutKeyFor(slug);
      const couponIds = choice.paymentOrder();
      const input = { slug, checkoutKey, lines, couponIds };
      const result = await runStepUp(
        () => checkoutOptionsAction(input),
        (draft, stepUp) => checkoutAction({ ...input, expectedTotalMinor: draft.totalMinor, stepUp }),
      );
      if (!result.ok) return { kind: "error", text: errorText(result.error) };
      window.sessionStorage.removeItem(`scrip.checkout.${slug}`);
      cart.clear();
      router.push(`/s/${slug}/orders/${result.data.result.orderId}`);
      return { kind: "success", text: "Paid. Opening your receipt…" };
    });
  }

  if (lines.length === 0) {
    return (
      <p className="rounded-xl border border-stone-200 bg-white p-5 text-stone-700">
        Your cart is empty.{gone > 0 ? " Products that are no longer sold were removed." : ""}
      </p>
    );
  }

  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <section aria-labelledby="cart" className="space-y-3 rounded-xl border border-stone-200 bg-white p-5">
        <h2 id="cart" className="text-lg font-semibold">
          Your cart
        </h2>
        <ul className="divide-y divide-stone-100">
          {lines.map((line) => {
            const product = byId.get(line.productId) as CheckoutProduct;
            return (
              <li key={line.productId} className="flex flex-wrap items-center gap-3 py-2">
                <span className="mr-auto font-medium">{product.name}</span>
                <span className="inline-flex items-center gap-1">
                  <button
                    type="button"
                    className={`${secondaryButton} min-w-11 px-2`}
                    aria-label={`One fewer ${product.name}`}
                    onClick={() => setQuantity(line.productId, line.quantity - 1)}
                  >
                    −
                  </button>
                  <output className="w-8 text-center tabular-nums" aria-label={`${product.name} quantity`}>
                    {line.quantity}
                  </output>
                  <button
                    type="button"
                    className={`${secondaryButton} min-w-11 px-2`}
                    aria-label={`One more ${product.name}`}
                    disabled={
                      line.quantity >= 100 ||
                      (product.stockLeft !== null && line.quantity >= product.stockLeft)
                    }
                    onClick={() => setQuantity(line.productId, line.quantity + 1)}
                  >
                    +
                  </button>
                </span>
                <span className="w-24 text-right tabular-nums">
                  {money(product.priceMinor * BigInt(line.quantity))}
                </span>
                {product.stockLeft !== null && line.quantity >= product.stockLeft ? (
                  <p
                    role={line.quantity > product.stockLeft ? "alert" : undefined}
                    className="w-full text-sm text-amber-800"
                  >
                    {line.quantity > product.stockLeft
                      ? `Only ${product.stockLeft} left: lower the quantity to pay.`
                      : `Only ${product.stockLeft} left.`}
                  </p>
                ) : null}
              </li>
            );
          })}
        </ul>
        <p className="flex justify-between border-t border-stone-200 pt-3 text-lg font-semibold">
          <span>Total</span>
          <span className="tabular-nums" data-testid="checkout-total">
            {money(total)}
          </span>
        </p>
      </section>
      <section
        aria-labelledby="pay-with"
        className="space-y-3 rounded-xl border border-stone-200 bg-white p-5"
      >
        <h2 id="pay-with" className="text-lg font-semibold">
          Pay with coupons
        </h2>
        <CouponPicker coupons={coupons} currency={currency} totalMinor={total} choice={choice} />
        <button type="button" className={primaryButton} disabled={busy || !choice.ready} onClick={pay}>
          Pay {money(total)}
        </button>
        <StatusMessage status={status} />
      </section>
    </div>
  );
}
