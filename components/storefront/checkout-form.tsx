"use client";

import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { checkoutAction, checkoutOptionsAction } from "@/app/s/[shop]/actions";
import { primaryButton, secondaryButton } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";
import { runStepUp } from "@/components/wallet/run-step-up";
import { suggestCoupons } from "@/lib/checkout/suggest-coupons";
import { formatMoney } from "@/lib/format-money";
import { useCart } from "./cart-store";

export interface CheckoutProduct {
  id: string;
  name: string;
  priceMinor: bigint;
  stockLeft: number | null;
}

export interface SpendableCoupon {
  id: string;
  amountMinor: bigint;
  expiresText: string;
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
  const suggested = useMemo(() => suggestCoupons(coupons, total), [coupons, total]);
  const [chosen, setChosen] = useState<string[] | null>(null);
  const selected = chosen ?? suggested;
  const amounts = new Map(coupons.map((coupon) => [coupon.id, coupon.amountMinor]));
  const covered = selected.reduce((sum, id) => sum + (amounts.get(id) ?? 0n), 0n);
  const change = covered > total ? covered - total : 0n;
  const money = (amount: bigint) => formatMoney(amount, currency);

  // A different total means a different suggestion; the shopper's own choice is kept until then.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the total changes
  useEffect(() => setChosen(null), [total]);

  const setQuantity = (productId: string, quantity: number) =>
    cart.set(cart.lines.map((line) => (line.productId === productId ? { ...line, quantity } : line)));

  const toggle = (id: string) =>
    setChosen(selected.includes(id) ? selected.filter((other) => other !== id) : [...selected, id]);

  function pay() {
    void run("Confirm the payment with your passkey…", async () => {
      const checkoutKey = checkoutKeyFor(slug);
      // Smallest first: only the largest, last coupon is split, so every chosen coupon is needed if any set is.
      const couponIds = [...selected].sort((a, b) => {
        const difference = (amounts.get(a) ?? 0n) - (amounts.get(b) ?? 0n);
        return difference === 0n ? a.localeCompare(b) : difference < 0n ? -1 : 1;
      });
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
        {coupons.length === 0 ? (
          <p className="text-stone-700">
            You have no {currency} coupons that can pay now. Request one in your wallet.
          </p>
        ) : (
          <fieldset className="space-y-1">
            <legend className="text-sm text-stone-600">
              Scrip suggests the fewest coupons that cover the total; change the choice if you like.
            </legend>
            {coupons.map((coupon) => (
              <label
                key={coupon.id}
                className="flex min-h-11 items-center gap-3 rounded px-2 hover:bg-stone-50"
              >
                <input
                  type="checkbox"
                  className="h-5 w-5"
                  checked={selected.includes(coupon.id)}
                  onChange={() => toggle(coupon.id)}
                />
                <span className="font-medium tabular-nums">{money(coupon.amountMinor)}</span>
                <span className="text-sm text-stone-500">{coupon.expiresText}</span>
              </label>
            ))}
          </fieldset>
        )}
        <p className="text-sm text-stone-700" aria-live="polite">
          {covered < total
            ? `Chosen coupons cover ${money(covered)} of ${money(total)}.`
            : change > 0n
              ? `The last coupon is split: ${money(change)} stays in your wallet as change.`
              : "The chosen coupons pay the total exactly."}
        </p>
        <button
          type="button"
          className={primaryButton}
          disabled={busy || covered < total || selected.length === 0}
          onClick={pay}
        >
          Pay {money(total)}
        </button>
        <StatusMessage status={status} />
      </section>
    </div>
  );
}
