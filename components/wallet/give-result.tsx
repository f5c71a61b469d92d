"use client";

import Link from "next/link";
import { useId } from "react";
import { ClientQrCode } from "@/components/coupons/client-qr-code";
import { secondaryButton, textInput } from "@/components/ui/button-styles";
import { type Status, StatusMessage } from "@/components/ui/status-message";

/** What a gift left behind: the claim link (shown once), and after a part the offered piece and the rest. */
export interface GiveOutcome {
  claimLink: string | null;
  part: { giftCouponId: string; giveText: string; restCouponId: string; restText: string } | null;
}

/** The outcome of a gift: the one-time claim link with its QR code, and the coupons a partial gift made. */
export function GiveResult({
  outcome,
  status,
  onCopied,
}: {
  outcome: GiveOutcome;
  status: Status;
  onCopied: () => void;
}) {
  const ids = useId();
  const { claimLink, part } = outcome;
  return (
    <section
      aria-label={claimLink ? "New claim link" : "Gift made"}
      className="space-y-3 rounded-xl border border-brand-100 bg-white p-5"
    >
      <StatusMessage status={status} />
      {claimLink ? (
        <>
          <label htmlFor={`${ids}-link`} className="font-medium">
            Claim link
          </label>
          <input
            id={`${ids}-link`}
            className={textInput}
            readOnly
            value={claimLink}
            onFocus={(e) => e.target.select()}
          />
          <div className="flex flex-wrap gap-2">
            <button
              type="button"
              className={secondaryButton}
              onClick={() => navigator.clipboard?.writeText(claimLink).then(onCopied)}
            >
              Copy link
            </button>
          </div>
          <ClientQrCode text={claimLink} label="QR code of the claim link" />
          <p className="text-sm text-stone-600">
            Whoever opens this link first and confirms with a passkey gets the coupon.
          </p>
        </>
      ) : null}
      {part ? (
        <ul className="space-y-1">
          <li>
            <Link className="underline" href={`/wallet/coupons/${part.giftCouponId}`}>
              The {part.giveText} you offered
            </Link>
          </li>
          <li>
            <Link className="underline" href={`/wallet/coupons/${part.restCouponId}`}>
              The {part.restText} still in your wallet
            </Link>
          </li>
          <li>
            <Link className="underline" href="/wallet">
              Back to your wallet
            </Link>
          </li>
        </ul>
      ) : null}
    </section>
  );
}
