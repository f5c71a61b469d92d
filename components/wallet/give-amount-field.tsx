"use client";

import { textInput } from "@/components/ui/button-styles";
import { formatMoney } from "@/lib/money/money";
import type { partOf } from "./give-with-passkey";

/**
 * The amount a person gives from a coupon worth `valueMinor`, with a live hint: the whole coupon, a part (the rest
 * stays as a new coupon), or more than it (from several coupons as one gift), or why the amount cannot be read.
 */
export function GiveAmountField({
  id,
  amount,
  part,
  valueMinor,
  currency,
  onChange,
}: {
  id: string;
  amount: string;
  part: ReturnType<typeof partOf>;
  valueMinor: bigint;
  currency: string;
  onChange: (amount: string) => void;
}) {
  const money = (amountMinor: bigint) => formatMoney({ amountMinor, currency });
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="font-medium">
        Amount to give
      </label>
      <input
        id={id}
        className={textInput}
        inputMode="decimal"
        autoComplete="off"
        value={amount}
        aria-describedby={`${id}-hint`}
        onChange={(event) => onChange(event.target.value)}
      />
      <p id={`${id}-hint`} className="text-sm text-stone-600">
        {part.error !== undefined
          ? part.error
          : part.amountMinor > valueMinor
            ? `More than this coupon: you give ${money(part.amountMinor)} from several of your coupons as one gift, and what is left over stays in your wallet.`
            : part.amountMinor < valueMinor
              ? `You give ${money(part.amountMinor)}; ${money(valueMinor - part.amountMinor)} stays in your wallet as a new coupon.`
              : `The whole coupon, ${money(valueMinor)}. Give less to keep the rest.`}
      </p>
    </div>
  );
}
