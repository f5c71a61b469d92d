"use client";

import { useEffect, useMemo, useState } from "react";
import { suggestCoupons } from "@/lib/checkout/suggest-coupons";
import { formatMoney, moneyOf } from "@/lib/money/money";

export interface SpendableCoupon {
  id: string;
  amountMinor: bigint;
  expiresText: string;
}

/**
 * The shopper's choice of coupons for a total: Scrip's suggestion (the fewest that cover it) until the shopper
 * changes it, what the choice covers, and the change the split of the last coupon leaves in the wallet.
 */
export function useCouponChoice(coupons: SpendableCoupon[], totalMinor: bigint) {
  const suggested = useMemo(() => suggestCoupons(coupons, totalMinor), [coupons, totalMinor]);
  const [chosen, setChosen] = useState<string[] | null>(null);
  // A different total means a different suggestion; the shopper's own choice is kept until then.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the total changes
  useEffect(() => setChosen(null), [totalMinor]);
  const selected = chosen ?? suggested;
  const amounts = new Map(coupons.map((coupon) => [coupon.id, coupon.amountMinor]));
  const covered = selected.reduce((sum, id) => sum + (amounts.get(id) ?? 0n), 0n);
  return {
    selected,
    covered,
    change: covered > totalMinor ? covered - totalMinor : 0n,
    ready: selected.length > 0 && covered >= totalMinor,
    toggle: (id: string) =>
      setChosen(selected.includes(id) ? selected.filter((other) => other !== id) : [...selected, id]),
    /** Smallest first: only the largest, last coupon is split, so every chosen coupon is needed if any set is. */
    paymentOrder: () =>
      [...selected].sort((a, b) => {
        const difference = (amounts.get(a) ?? 0n) - (amounts.get(b) ?? 0n);
        return difference === 0n ? a.localeCompare(b) : difference < 0n ? -1 : 1;
      }),
  };
}

/** The coupon checkboxes and a live sentence on what the choice covers. */
export function CouponPicker({
  coupons,
  currency,
  totalMinor,
  choice,
}: {
  coupons: SpendableCoupon[];
  currency: string;
  totalMinor: bigint;
  choice: ReturnType<typeof useCouponChoice>;
}) {
  const money = (amount: bigint) => formatMoney(moneyOf(amount, currency));
  // The last coupon in paying order is the one split for change (the checkout splits exactly that one).
  const order = choice.paymentOrder();
  const splitId = choice.change > 0n ? order[order.length - 1] : undefined;
  const split = coupons.find((coupon) => coupon.id === splitId)?.amountMinor;
  return (
    <>
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
                checked={choice.selected.includes(coupon.id)}
                onChange={() => choice.toggle(coupon.id)}
              />
              <span className="font-medium tabular-nums">{money(coupon.amountMinor)}</span>
              <span className="text-sm text-stone-500">{coupon.expiresText}</span>
            </label>
          ))}
        </fieldset>
      )}
      <p className="text-sm text-stone-700" aria-live="polite" data-testid="pay-split">
        {choice.covered < totalMinor
          ? `Chosen coupons cover ${money(choice.covered)} of ${money(totalMinor)}.`
          : split
            ? `Your ${money(split)} coupon is split: ${money(split - choice.change)} of it pays and ${money(choice.change)} stays in your wallet as change.`
            : "The chosen coupons pay the total exactly."}
      </p>
    </>
  );
}
