"use client";

import { useEffect, useRef } from "react";
import { primaryButton } from "@/components/ui/button-styles";
import { When } from "@/components/ui/when";
import { formatMoney, moneyOf } from "@/lib/money/money";
import type { TillRequestStatus } from "./till-status";

/** The till once paid: the amount, what it was for, how many coupons paid it, when, who took it; Next customer. */
export function TillReceipt({
  amount,
  currency,
  status,
  receipt,
  onNext,
}: {
  amount: string;
  currency: string;
  status: TillRequestStatus;
  receipt: NonNullable<TillRequestStatus["receipt"]>;
  onNext: () => void;
}) {
  const next = useRef<HTMLButtonElement>(null);
  useEffect(() => next.current?.focus(), []);
  return (
    <section className="space-y-4 rounded-xl border border-brand-100 bg-brand-50 p-6 text-center">
      <p className="text-4xl font-semibold" role="status" data-testid="till-state">
        Paid
      </p>
      <p className="text-5xl font-semibold tabular-nums">{amount}</p>
      {status.items.length > 0 ? (
        <ul className="mx-auto max-w-sm space-y-1 text-left" aria-label="Items">
          {status.items.map((item) => (
            <li key={item.name} className="flex justify-between gap-3">
              <span className="min-w-0 wrap-anywhere">
                {item.quantity} × {item.name}
              </span>
              <span className="tabular-nums">
                {formatMoney(moneyOf(BigInt(item.unitPriceMinor) * BigInt(item.quantity), currency))}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      <p className="text-stone-700" data-testid="till-receipt">
        Paid with {receipt.coupons} coupon{receipt.coupons === 1 ? "" : "s"} · <When date={receipt.paidAt} />{" "}
        · taken by {receipt.takenBy}
      </p>
      <button ref={next} type="button" className={`${primaryButton} text-lg`} onClick={onNext}>
        Next customer
      </button>
    </section>
  );
}
