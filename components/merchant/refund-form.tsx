"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { refundAction, refundOptionsAction } from "@/app/(merchant)/merchant/actions";
import { dangerButton, textInput } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";
import { runStepUp } from "@/components/wallet/run-step-up";
import { formatMoney, type Money, toDecimalString } from "@/lib/money/money";

/** Refunds (part of) an order with the owner's passkey: coupons of that value are offered back to the shopper. */
export function RefundForm({
  slug,
  orderId,
  refundable: left,
}: {
  slug: string;
  orderId: string;
  /** What is left to refund; the field starts with it. */
  refundable: Money<string>;
}) {
  // Once the whole order is refunded the form stays mounted, so the outcome of the last refund stays.
  const refundable = left.amountMinor > 0n;
  const ids = useId();
  const router = useRouter();
  const { busy, status, run } = useActionStatus();
  const [amount, setAmount] = useState(refundable ? toDecimalString(left) : "");
  return (
    <form
      aria-label="Refund"
      className="space-y-3 rounded-xl border border-stone-200 bg-white p-5"
      onSubmit={(event) => {
        event.preventDefault();
        void run("Confirm the refund with your passkey…", async () => {
          const result = await runStepUp(
            () => refundOptionsAction({ slug, orderId, amount }),
            (_draft, stepUp) => refundAction({ slug, orderId, amount, stepUp }),
          );
          router.refresh();
          if (!result.ok) return { kind: "error", text: errorText(result.error) };
          const { offers, status: orderStatus } = result.data.result;
          return {
            kind: "success",
            text: `Refund offered to the shopper as ${offers} coupon${offers === 1 ? "" : "s"}; the order is now ${orderStatus.replace("_", " ")}.`,
          };
        });
      }}
    >
      <h2 className="text-lg font-semibold">Refund</h2>
      {refundable ? (
        <>
          <label className="block space-y-1" htmlFor={`${ids}-amount`}>
            <span className="text-sm font-medium">
              Amount in {left.currency}, at most {formatMoney(left)}
            </span>
            <input
              id={`${ids}-amount`}
              className={`${textInput} max-w-xs`}
              inputMode="decimal"
              value={amount}
              required
              onChange={(event) => setAmount(event.target.value)}
            />
          </label>
          <p className="text-sm text-stone-600">
            The coupons the shopper paid with go back to them while you still hold them; otherwise your shop
            issues a new coupon of that value, charged to your shop.
          </p>
          <button type="submit" className={dangerButton} disabled={busy}>
            Refund
          </button>
        </>
      ) : (
        <p className="text-stone-700">This order is fully refunded.</p>
      )}
      <StatusMessage status={status} />
    </form>
  );
}
