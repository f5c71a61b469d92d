"use client";

import Link from "next/link";
import { useId, useState } from "react";
import { requestCouponAction, requestCouponOptionsAction } from "@/app/(wallet)/wallet/coupon-actions";
import { primaryButton, textInput } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";
import { runStepUp } from "./run-step-up";

export interface CreditRow {
  currency: string;
  leftText: string;
  maximumText: string;
  approvalText: string;
}

const validityChoices = [7, 30, 90, 180, 365];

/** Asks for a coupon: amount, currency and validity, confirmed with a passkey. */
export function RequestCouponForm({
  credit,
  defaultCurrency,
}: {
  credit: CreditRow[];
  defaultCurrency: string;
}) {
  const ids = useId();
  const [amount, setAmount] = useState("");
  const [currency, setCurrency] = useState(defaultCurrency);
  const [days, setDays] = useState(30);
  const { busy, status, run } = useActionStatus();
  const [outcome, setOutcome] = useState<{ status: string; couponId: string } | null>(null);
  const row = credit.find((entry) => entry.currency === currency);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setOutcome(null);
    const input = { amount, currency, expiresInDays: days };
    await run("Confirm with your passkey…", async () => {
      const result = await runStepUp(
        () => requestCouponOptionsAction(input),
        (context, stepUp) => requestCouponAction({ ...input, couponId: context.couponId, stepUp }),
      );
      if (!result.ok) return { kind: "error", text: errorText(result.error) };
      setOutcome(result.data.result);
      setAmount("");
      return result.data.result.status === "issued"
        ? { kind: "success", text: "Coupon issued. It is in your wallet now." }
        : { kind: "success", text: "Awaiting approval: an administrator will look at this request." };
    });
  }

  return (
    <form onSubmit={submit} className="space-y-5 rounded-xl border border-stone-200 bg-white p-5" noValidate>
      <div className="grid gap-4 sm:grid-cols-[1fr_10rem]">
        <div className="space-y-1">
          <label htmlFor={`${ids}-amount`} className="font-medium">
            Amount
          </label>
          <input
            id={`${ids}-amount`}
            className={textInput}
            inputMode="decimal"
            autoComplete="off"
            placeholder="12.50"
            value={amount}
            onChange={(event) => setAmount(event.target.value)}
            required
          />
        </div>
        <div className="space-y-1">
          <label htmlFor={`${ids}-currency`} className="font-medium">
            Currency
          </label>
          <select
            id={`${ids}-currency`}
            className={textInput}
            value={currency}
            onChange={(event) => setCurrency(event.target.value)}
          >
            {credit.map((entry) => (
              <option key={entry.currency} value={entry.currency}>
                {entry.currency}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="space-y-1">
        <label htmlFor={`${ids}-days`} className="font-medium">
          Valid for
        </label>
        <select
          id={`${ids}-days`}
          className={textInput}
          value={days}
          onChange={(event) => setDays(Number(event.target.value))}
        >
          {validityChoices.map((choice) => (
            <option key={choice} value={choice}>
              {choice} days
            </option>
          ))}
        </select>
      </div>
      {row ? (
        <dl className="grid gap-2 rounded-lg bg-stone-50 p-3 text-sm sm:grid-cols-3">
          <div>
            <dt className="text-stone-600">Credit limit left</dt>
            <dd className="font-medium" data-testid="credit-left">
              {row.leftText}
            </dd>
          </div>
          <div>
            <dt className="text-stone-600">Largest coupon</dt>
            <dd className="font-medium">{row.maximumText}</dd>
          </div>
          <div>
            <dt className="text-stone-600">Needs approval above</dt>
            <dd className="font-medium">{row.approvalText}</dd>
          </div>
        </dl>
      ) : null}
      <p className="text-sm text-stone-600">
        You pay for a coupon only when it first leaves your wallet; the amount then appears on your next
        statement.
      </p>
      <button type="submit" className={primaryButton} disabled={busy}>
        {busy ? "Requesting…" : "Request with passkey"}
      </button>
      <StatusMessage status={status} />
      {outcome?.status === "issued" ? (
        <p>
          <Link className="font-medium text-brand-700 underline" href={`/wallet/coupons/${outcome.couponId}`}>
            Open the new coupon
          </Link>
        </p>
      ) : null}
    </form>
  );
}
