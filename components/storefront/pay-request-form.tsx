"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { payRequestAction, payRequestOptionsAction, payRequestStateAction } from "@/app/pay/[id]/actions";
import { primaryButton } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";
import { runStepUp } from "@/components/wallet/run-step-up";
import { formatMoney, moneyOf } from "@/lib/money/money";
import { CouponPicker, type SpendableCoupon, useCouponChoice } from "./coupon-picker";

/** While the payer decides, how often the page asks whether the shop cancelled (or the request expired). */
const watchMs = 2_000;

/**
 * Pays a payment request with coupons and one passkey confirmation, saying first which coupon is split for
 * change; then returns the shopper to the shop (API), or shows "Paid" with a link to the receipt (till). While
 * the payer decides, a cancelled or expired request turns the page to say so.
 */
export function PayRequestForm({
  paymentRequestId,
  amountMinor,
  currency,
  shopName,
  coupons,
}: {
  paymentRequestId: string;
  amountMinor: bigint;
  currency: string;
  shopName: string;
  coupons: SpendableCoupon[];
}) {
  const router = useRouter();
  const choice = useCouponChoice(coupons, amountMinor);
  const { busy, status, run } = useActionStatus();
  const [done, setDone] = useState<{ href: string; till: boolean } | null>(null);
  const paying = useRef(false);
  const money = (minor: bigint) => formatMoney(moneyOf(minor, currency));

  useEffect(() => {
    if (done) return;
    const watch = setInterval(async () => {
      if (paying.current) return;
      try {
        const result = await payRequestStateAction({ paymentRequestId });
        if (result.ok && result.data.state !== "open" && !paying.current) router.refresh();
      } catch {
        // Offline for a moment: ask again at the next tick.
      }
    }, watchMs);
    return () => clearInterval(watch);
  }, [done, paymentRequestId, router]);

  function pay() {
    paying.current = true;
    void run("Confirm the payment with your passkey…", async () => {
      try {
        const input = { paymentRequestId, couponIds: choice.paymentOrder() };
        const result = await runStepUp(
          () => payRequestOptionsAction(input),
          (_draft, stepUp) => payRequestAction({ ...input, stepUp }),
        );
        if (!result.ok) return { kind: "error", text: errorText(result.error) };
        const paid = result.data.result;
        setDone({ href: paid.returnUrl, till: paid.till });
        if (paid.till) return { kind: "success", text: `Paid ${money(amountMinor)} to ${shopName}.` };
        window.setTimeout(() => window.location.assign(paid.returnUrl), 1500);
        return {
          kind: "success",
          text: `Paid ${money(amountMinor)} to ${shopName}. Returning you to the shop…`,
        };
      } finally {
        paying.current = false;
      }
    });
  }

  if (done?.till) {
    return (
      <div className="space-y-3 text-center">
        <p className="text-3xl font-semibold" role="status" data-testid="pay-state">
          Paid
        </p>
        <p className="text-stone-700">
          You paid {money(amountMinor)} to {shopName}.
        </p>
        <a href={done.href} className="inline-block underline">
          See the receipt
        </a>
      </div>
    );
  }
  return (
    <div className="space-y-3">
      <CouponPicker coupons={coupons} currency={currency} totalMinor={amountMinor} choice={choice} />
      {done ? null : (
        <button type="button" className={primaryButton} disabled={busy || !choice.ready} onClick={pay}>
          Pay {money(amountMinor)}
        </button>
      )}
      <StatusMessage status={status} />
      {done ? (
        <a href={done.href} className="inline-block underline">
          Return to {shopName}
        </a>
      ) : null}
    </div>
  );
}
