"use client";

import { useState } from "react";
import { payRequestAction, payRequestOptionsAction } from "@/app/pay/[id]/actions";
import { primaryButton } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";
import { runStepUp } from "@/components/wallet/run-step-up";
import { formatMoney, moneyOf } from "@/lib/money/money";
import { CouponPicker, type SpendableCoupon, useCouponChoice } from "./coupon-picker";

/** Pays a payment request with coupons and one passkey confirmation, then returns the shopper to the shop. */
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
  const choice = useCouponChoice(coupons, amountMinor);
  const { busy, status, run } = useActionStatus();
  const [returnUrl, setReturnUrl] = useState<string | null>(null);

  function pay() {
    void run("Confirm the payment with your passkey…", async () => {
      const input = { paymentRequestId, couponIds: choice.paymentOrder() };
      const result = await runStepUp(
        () => payRequestOptionsAction(input),
        (_draft, stepUp) => payRequestAction({ ...input, stepUp }),
      );
      if (!result.ok) return { kind: "error", text: errorText(result.error) };
      setReturnUrl(result.data.result.returnUrl);
      window.setTimeout(() => window.location.assign(result.data.result.returnUrl), 1500);
      return {
        kind: "success",
        text: `Paid ${formatMoney(moneyOf(amountMinor, currency))} to ${shopName}. Returning you to the shop…`,
      };
    });
  }

  return (
    <div className="space-y-3">
      <CouponPicker coupons={coupons} currency={currency} totalMinor={amountMinor} choice={choice} />
      {returnUrl ? null : (
        <button type="button" className={primaryButton} disabled={busy || !choice.ready} onClick={pay}>
          Pay {formatMoney(moneyOf(amountMinor, currency))}
        </button>
      )}
      <StatusMessage status={status} />
      {returnUrl ? (
        <a href={returnUrl} className="inline-block underline">
          Return to {shopName}
        </a>
      ) : null}
    </div>
  );
}
