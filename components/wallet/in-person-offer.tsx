"use client";

import { useEffect, useState } from "react";
import { cancelOfferAction } from "@/app/(wallet)/wallet/coupon-actions";
import { givenOfferStatusAction } from "@/app/(wallet)/wallet/in-person-actions";
import { ClientQrCode } from "@/components/coupons/client-qr-code";
import { liveChangeEvent } from "@/components/live/live-refresh";
import { secondaryButton } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";
import { When } from "@/components/ui/when";

/** Only when no live event arrives (the stream is down): how often the screen asks where the offer stands. */
const fallbackPollMs = 4_000;

type OfferState = {
  status: "pending" | "accepted" | "declined" | "cancelled" | "expired";
  name: string | null;
};

/**
 * The giver's screen while a face-to-face gift waits: a big one-time QR code of the claim link, the amount, and
 * where the offer stands, followed live (each live event of the wallet, and a slow poll should the stream be
 * down): "Waiting for them to scan…", then "Claimed by <name>", or cancelled or run out. Cancel while it waits.
 */
export function InPersonOffer({
  claimLink,
  transferId,
  amountText,
  expiresAt,
  onClosed,
}: {
  claimLink: string;
  transferId: string;
  amountText: string;
  expiresAt: string;
  onClosed: () => void;
}) {
  const [offer, setOffer] = useState<OfferState>({ status: "pending", name: null });
  const { busy, status, run } = useActionStatus();
  const waiting = offer.status === "pending";

  useEffect(() => {
    if (!waiting) return;
    let stopped = false;
    async function check() {
      const result = await givenOfferStatusAction({ transferId }).catch(() => null);
      if (stopped || !result?.ok) return;
      setOffer({ status: result.data.status, name: result.data.acceptedByName });
    }
    const onLive = () => void check();
    window.addEventListener(liveChangeEvent, onLive);
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") void check();
    }, fallbackPollMs);
    return () => {
      stopped = true;
      window.removeEventListener(liveChangeEvent, onLive);
      clearInterval(timer);
    };
  }, [transferId, waiting]);

  function cancel() {
    return run("Cancelling the offer…", async () => {
      const result = await cancelOfferAction({ transferId });
      if (!result.ok) return { kind: "error", text: errorText(result.error) };
      setOffer({ status: "cancelled", name: null });
      return null;
    });
  }

  const outcome: Record<OfferState["status"], string> = {
    pending: "Waiting for them to scan…",
    accepted: `Claimed by ${offer.name ?? "the person you gave it to"}.`,
    declined: "They turned the gift down. It is back in your wallet.",
    cancelled: "You cancelled the offer. The coupon stays in your wallet.",
    expired: "Nobody claimed it in time. The coupon stays in your wallet.",
  };

  return (
    <section
      aria-label="Give in person"
      className="space-y-4 rounded-xl border border-brand-100 bg-white p-5 text-center"
    >
      <p className="text-3xl font-semibold tabular-nums">{amountText}</p>
      {waiting ? (
        <>
          <p className="text-lg font-medium">Show this to the person receiving it</p>
          <div className="flex justify-center">
            <ClientQrCode text={claimLink} label="QR code to receive the gift" />
          </div>
          <p role="status" aria-live="polite" className="text-stone-700">
            Waiting for them to scan…
          </p>
          <p className="text-sm text-stone-600">
            They scan it with Scan in their Scrip wallet and confirm with their passkey. It can be used once,
            until <When date={expiresAt} />.
          </p>
          <button type="button" className={secondaryButton} disabled={busy} onClick={() => void cancel()}>
            Cancel offer
          </button>
        </>
      ) : (
        <>
          <p role="status" aria-live="polite" className="text-lg font-medium">
            {outcome[offer.status]}
          </p>
          <button type="button" className={secondaryButton} onClick={onClosed}>
            Done
          </button>
        </>
      )}
      <StatusMessage status={status} />
    </section>
  );
}
