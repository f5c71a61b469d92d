"use client";

import { useState } from "react";
import { createTillRequestAction } from "@/app/(merchant)/merchant/[slug]/pos/actions";
import { primaryButton, secondaryButton, textInput } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";
import { formatMoney, moneyOf } from "@/lib/money/money";
import { ProductPicker, type TillProduct } from "./product-picker";
import { ScanCustomerCoupon } from "./scan-customer-coupon";
import type { TillRequestStarted, TillSale } from "./till-types";
import { TillWaiting } from "./till-waiting";

/**
 * The shop's till: staff type an amount or tap products, then ask for payment (a QR code the customer scans, or
 * the customer's own coupon scanned), follow the request until it is paid, cancelled or expired, and start the
 * next sale.
 */
export function Till({
  slug,
  shopName,
  currency,
  products,
}: {
  slug: string;
  shopName: string;
  currency: string;
  products: TillProduct[];
}) {
  const [amount, setAmount] = useState("");
  const [quantities, setQuantities] = useState<Record<string, number>>({});
  const [request, setRequest] = useState<TillRequestStarted | null>(null);
  const { busy, status, run, setStatus } = useActionStatus();

  const lines = Object.entries(quantities)
    .filter(([, quantity]) => quantity > 0)
    .map(([productId, quantity]) => ({ productId, quantity }));
  const prices = new Map(products.map((product) => [product.id, BigInt(product.priceMinor)]));
  const totalMinor = lines.reduce(
    (sum, line) => sum + (prices.get(line.productId) ?? 0n) * BigInt(line.quantity),
    0n,
  );
  const sale: TillSale =
    lines.length > 0
      ? { amount: null, lines }
      : { amount: amount.trim() === "" ? null : amount.trim(), lines: null };
  const ready = sale.lines !== null || sale.amount !== null;

  function reset() {
    setRequest(null);
    setAmount("");
    setQuantities({});
    setStatus(null);
  }

  function ask() {
    void run("Asking for payment…", async () => {
      const result = await createTillRequestAction({ slug, amount: sale.amount, lines: sale.lines });
      if (!result.ok) return { kind: "error", text: errorText(result.error) };
      setRequest(result.data);
      return null;
    });
  }

  if (request) {
    return <TillWaiting slug={slug} shopName={shopName} request={request} onDone={reset} />;
  }
  return (
    <div className="space-y-5">
      <section
        aria-labelledby="till-amount"
        className="space-y-2 rounded-xl border border-stone-200 bg-white p-5"
      >
        <h2 id="till-amount" className="text-lg font-semibold">
          Amount
        </h2>
        <label className="block space-y-1">
          <span className="text-sm text-stone-600">Type an amount in {currency}</span>
          <input
            className={`${textInput} text-2xl tabular-nums`}
            inputMode="decimal"
            autoComplete="off"
            placeholder="0.00"
            value={amount}
            maxLength={20}
            disabled={busy}
            onChange={(event) => {
              setAmount(event.target.value);
              if (event.target.value !== "") setQuantities({});
            }}
            onKeyDown={(event) => {
              if (event.key === "Enter" && ready && !busy) ask();
            }}
          />
        </label>
      </section>
      {products.length > 0 ? (
        <section
          aria-labelledby="till-products"
          className="space-y-2 rounded-xl border border-stone-200 bg-white p-5"
        >
          <h2 id="till-products" className="text-lg font-semibold">
            …or tap products
          </h2>
          <ProductPicker
            products={products}
            currency={currency}
            quantities={quantities}
            disabled={busy}
            onChange={(productId, quantity) => {
              setAmount("");
              setQuantities((current) => ({ ...current, [productId]: Math.max(0, quantity) }));
            }}
          />
          {lines.length > 0 ? (
            <p className="text-lg" aria-live="polite" data-testid="till-total">
              Total{" "}
              <span className="font-semibold tabular-nums">{formatMoney(moneyOf(totalMinor, currency))}</span>
            </p>
          ) : null}
        </section>
      ) : null}
      <div className="flex flex-wrap items-start gap-3">
        <button type="button" className={`${primaryButton} text-lg`} disabled={busy || !ready} onClick={ask}>
          Ask for payment
        </button>
        {lines.length > 0 || amount !== "" ? (
          <button type="button" className={secondaryButton} disabled={busy} onClick={reset}>
            Clear
          </button>
        ) : null}
      </div>
      <ScanCustomerCoupon slug={slug} sale={sale} onRequested={(started) => setRequest(started)} />
      <StatusMessage status={status} />
    </div>
  );
}
