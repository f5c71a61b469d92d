"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { conversionAction, conversionOptionsAction } from "@/app/(merchant)/merchant/actions";
import { primaryButton, secondaryButton } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";
import { runStepUp } from "@/components/wallet/run-step-up";

export interface ReceivedCouponItem {
  id: string;
  amountText: string;
  status: string;
  expiresText: string;
  convertible: boolean;
}

/** Received coupons with a choice of which to convert to money (or all), confirmed with the owner's passkey. */
export function ConvertCoupons({
  slug,
  coupons,
  mayConvert,
}: {
  slug: string;
  coupons: ReceivedCouponItem[];
  mayConvert: boolean;
}) {
  const router = useRouter();
  const { busy, status, run } = useActionStatus();
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const convertible = coupons.filter((coupon) => coupon.convertible);

  const convert = (couponIds: "all" | string[]) =>
    run("Confirm the conversion with your passkey…", async () => {
      const result = await runStepUp(
        () => conversionOptionsAction({ slug, couponIds }),
        (draft, stepUp) => conversionAction({ slug, couponIds: draft.couponIds, stepUp }),
      );
      router.refresh();
      setChosen(new Set());
      if (!result.ok) return { kind: "error", text: errorText(result.error) };
      const { converted } = result.data.result;
      return {
        kind: "success",
        text: `Converted ${converted} coupon${converted === 1 ? "" : "s"}: the value is paid out at the next charging run.`,
      };
    });

  return (
    <div className="space-y-3">
      {coupons.length === 0 ? (
        <p className="text-stone-700">Your shop has not received any coupons yet.</p>
      ) : null}
      <ul
        className="divide-y divide-stone-200 rounded-xl border border-stone-200 bg-white"
        aria-label="Received coupons"
      >
        {coupons.map((coupon) => (
          <li key={coupon.id} className="flex min-h-11 flex-wrap items-center gap-x-4 gap-y-1 px-4 py-2">
            {mayConvert && coupon.convertible ? (
              <input
                type="checkbox"
                aria-label={`Choose the ${coupon.amountText} coupon, ${coupon.status}, ${coupon.expiresText}`}
                checked={chosen.has(coupon.id)}
                onChange={(event) => {
                  const next = new Set(chosen);
                  if (event.target.checked) next.add(coupon.id);
                  else next.delete(coupon.id);
                  setChosen(next);
                }}
                className="h-5 w-5"
              />
            ) : null}
            <span className="font-medium tabular-nums">{coupon.amountText}</span>
            <span className="rounded bg-stone-100 px-2 py-0.5 text-sm">{coupon.status}</span>
            <span className="ml-auto text-sm text-stone-500">{coupon.expiresText}</span>
          </li>
        ))}
      </ul>
      {mayConvert && convertible.length > 0 ? (
        <div className="flex flex-wrap gap-2">
          <button
            type="button"
            className={secondaryButton}
            disabled={busy || chosen.size === 0}
            onClick={() => void convert([...chosen])}
          >
            Convert selected ({chosen.size})
          </button>
          <button type="button" className={primaryButton} disabled={busy} onClick={() => void convert("all")}>
            Convert all ({convertible.length})
          </button>
        </div>
      ) : null}
      {!mayConvert && convertible.length > 0 ? (
        <p className="text-sm text-stone-600">Only the shop's owners can convert coupons to money.</p>
      ) : null}
      <StatusMessage status={status} />
    </div>
  );
}
