"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { primaryButton, secondaryButton } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";
import { formatMoney, parseMoney } from "@/lib/money/money";
import { GiveAmountField } from "./give-amount-field";
import { giveWithPasskey, partOf } from "./give-with-passkey";
import { InPersonOffer } from "./in-person-offer";

/** A face-to-face gift is scanned on the spot: its one-time link stays open 15 minutes (offerValidityChoices). */
const inPersonSeconds = 900;

interface Shown {
  claimLink: string;
  transferId: string;
  amountText: string;
  expiresAt: string;
}

/**
 * "Give in person": the giver chooses how much (the whole coupon by default, a part, or more from several of
 * their coupons as one gift), confirms with their passkey, and shows a one-time claim QR code the other person
 * scans with their own wallet; the screen then follows the offer live (InPersonOffer). It stays mounted while the
 * page refreshes around it, so the code stays on screen when the coupon changes state. `value` is decimal text.
 */
export function GiveInPerson({
  couponId,
  canGive,
  value,
  currency,
}: {
  couponId: string;
  canGive: boolean;
  value: string;
  currency: string;
}) {
  const ids = useId();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [amount, setAmount] = useState(value);
  const [shown, setShown] = useState<Shown | null>(null);
  const { busy, status, run, setStatus } = useActionStatus();
  const money = (amountMinor: bigint) => formatMoney({ amountMinor, currency });
  const valueMinor = parseMoney(value, currency).amountMinor;
  const part = partOf(amount, currency);

  if (shown) {
    return (
      <InPersonOffer
        {...shown}
        onClosed={() => {
          setShown(null);
          setOpen(false);
          setStatus(null);
          router.refresh();
        }}
      />
    );
  }
  if (!canGive) return null;

  function give() {
    if (part.error !== undefined) {
      setStatus({ kind: "error", text: part.error });
      return;
    }
    return run("Confirm with your passkey…", async () => {
      const result = await giveWithPasskey({
        couponId,
        amount,
        currency,
        recipientPartyId: null,
        validitySeconds: inPersonSeconds,
      });
      if (!result.ok) return { kind: "error", text: errorText(result.error) };
      const { context, result: gift } = result.data;
      if (!context.claimCode || !gift.transferId) {
        return {
          kind: "error",
          text: "The gift was made, but its code could not be shown. Cancel it below.",
        };
      }
      setShown({
        claimLink: `${window.location.origin}/claim/${context.claimCode}`,
        transferId: gift.transferId,
        amountText: money(BigInt(context.giveMinor)),
        expiresAt: context.expiresAt,
      });
      router.refresh();
      return null;
    });
  }

  if (!open) {
    return (
      <button type="button" className={primaryButton} onClick={() => setOpen(true)}>
        Give in person
      </button>
    );
  }

  return (
    <section
      aria-labelledby={`${ids}-title`}
      className="space-y-4 rounded-xl border border-stone-200 bg-white p-5"
    >
      <h2 id={`${ids}-title`} className="text-xl font-semibold">
        Give in person
      </h2>
      <p className="text-stone-700">
        Your screen shows a QR code that the other person scans with their Scrip wallet. Whoever scans it
        first and confirms gets it, so show it only to them. It works once, for 15 minutes.
      </p>
      <GiveAmountField
        id={`${ids}-amount`}
        amount={amount}
        part={part}
        valueMinor={valueMinor}
        currency={currency}
        onChange={setAmount}
      />
      <div className="flex flex-wrap gap-2">
        <button type="button" className={primaryButton} disabled={busy} onClick={() => void give()}>
          Show the QR code (confirm with passkey)
        </button>
        <button type="button" className={secondaryButton} disabled={busy} onClick={() => setOpen(false)}>
          Not now
        </button>
      </div>
      <StatusMessage status={status} />
    </section>
  );
}
