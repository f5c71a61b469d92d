"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { refundAction, refundOptionsAction } from "@/app/(merchant)/merchant/actions";
import { dangerButton, textInput } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";
import { runStepUp } from "@/components/wallet/run-step-up";
import { formatMoney, type Money, parseMoney, toDecimalString } from "@/lib/money/money";
import { plural } from "@/lib/words/plural";

/** The amount to refund as typed, checked here before any passkey prompt (the server checks again). */
function refundAmountError(amount: string, left: Money<string>): string | null {
  try {
    const { amountMinor } = parseMoney(amount.trim(), left.currency);
    return amountMinor > left.amountMinor
      ? `You can refund at most ${formatMoney(left)} on this order.`
      : null;
  } catch (error) {
    return error instanceof Error ? error.message : "Enter the amount to refund.";
  }
}

/**
 * Refunds (part of) an order with the owner's passkey: coupons of that value are offered back to the shopper.
 * The field says how much is left to refund and refuses more before the passkey prompt; it empties after a refund.
 */
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
  const { busy, status, run, setStatus } = useActionStatus();
  const [amount, setAmount] = useState(refundable ? toDecimalString(left) : "");
  return (
    <form
      aria-label="Refund"
      className="space-y-3 rounded-xl border border-stone-200 bg-white p-5"
      onSubmit={(event) => {
        event.preventDefault();
        const problem = refundAmountError(amount, left);
        if (problem) {
          setStatus({ kind: "error", text: problem });
          return;
        }
        void run("Confirm the refund with your passkey…", async () => {
          const result = await runStepUp(
            () => refundOptionsAction({ slug, orderId, amount }),
            (_draft, stepUp) => refundAction({ slug, orderId, amount, stepUp }),
          );
          router.refresh();
          if (!result.ok) return { kind: "error", text: errorText(result.error) };
          setAmount("");
          const { offers, status: orderStatus } = result.data.result;
          return {
            kind: "success",
            text: `Refund offered to the shopper as ${plural(offers, "coupon")}; the order is now ${orderStatus.replace("_", " ")}.`,
          };
        });
      }}
    >
      <h2 className="text-lg font-semibold">Refund</h2>
      {refundable ? (
        <>
          <p id={`${ids}-left`} className="text-sm text-stone-700" data-testid="refund-left">
            Up to {formatMoney(left)} left to refund
          </p>
          <label className="block space-y-1" htmlFor={`${ids}-amount`}>
            <span className="text-sm font-medium">Amount in {left.currency}</span>
            <input
              id={`${ids}-amount`}
              aria-describedby={`${ids}-left`}
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
